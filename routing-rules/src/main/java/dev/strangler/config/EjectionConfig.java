package dev.strangler.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Outlier ejection of one upstream ({@code upstreams.legacy.ejection:} or {@code upstreams.modern.ejection:}), as
 * Envoy's outlier detection does it: after {@code consecutiveFailures} 5xx answers or connection failures in a row
 * (or, when {@code successRate} is set, a success rate below it over the last {@code window} requests) the upstream
 * is ejected for {@code interval}; each ejection that follows a failed probe doubles the interval, up to
 * {@code maxInterval}. Then {@code probes} requests go through as probes: all successful, the upstream is back;
 * any failed, it is ejected again. While ejected, its requests are answered 503 with {@code Retry-After}.
 *
 * <pre>
 * ejection: { consecutiveFailures: 5, interval: 10s, maxInterval: 5m, probes: 1 }
 * ejection: { consecutiveFailures: 5, successRate: 80%, window: 50 }
 * </pre>
 *
 * @param consecutiveFailures failures in a row that eject ({@code consecutiveFailures:}, default 5, 1..1000)
 * @param successRate         optional: eject when fewer than this percent of the last {@code window} requests
 *                            succeeded ({@code successRate:}, 1..100; 0 when not set)
 * @param window              the requests the success rate is taken over ({@code window:}, default 100, 2..10000)
 * @param interval            the first ejection's length ({@code interval:}, default 10s)
 * @param maxInterval         the longest ejection ({@code maxInterval:}, default 5m, at least {@code interval})
 * @param probes              requests let through once the interval is over ({@code probes:}, default 1, 1..100)
 */
public record EjectionConfig(int consecutiveFailures, int successRate, int window, Duration interval,
                             Duration maxInterval, int probes) {

    public EjectionConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(maxInterval, "maxInterval");
        if (maxInterval.compareTo(interval) < 0) {
            throw new IllegalArgumentException("maxInterval: " + maxInterval + " (expected: at least interval, "
                    + interval + ")");
        }
    }

    /** True when a success-rate window is configured besides the consecutive failures. */
    public boolean hasSuccessRate() {
        return successRate > 0;
    }

    @Override
    public String toString() {
        return "eject after " + consecutiveFailures + " failures in a row"
                + (hasSuccessRate() ? " or under " + successRate + "% success over " + window + " requests" : "")
                + " for " + interval + " up to " + maxInterval + ", " + probes + " probe(s)";
    }
}
