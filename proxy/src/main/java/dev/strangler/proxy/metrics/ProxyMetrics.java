package dev.strangler.proxy.metrics;

import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The data plane's Prometheus metrics (SPEC §7): {@code strangler_requests_total{upstream,route,cohort,status_class}}
 * and {@code strangler_upstream_duration_seconds{upstream}} as a histogram. Labels come from configuration (rule
 * ids, cohort names) and never from the request, so their number is bounded: no user key, no raw path. Meters are
 * looked up once per label set and kept, so recording costs a map lookup and an add.
 */
public final class ProxyMetrics implements ExchangeRecorder {

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final MeterRegistry registry;
    private final Map<Labels, Counter> counters = new ConcurrentHashMap<>();
    private final Map<dev.strangler.rules.Upstream, Timer> durations = new EnumMap<>(dev.strangler.rules.Upstream.class);

    public ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (dev.strangler.rules.Upstream upstream : dev.strangler.rules.Upstream.values()) {
            durations.put(upstream, Timer.builder("strangler.upstream.duration")
                    .description("Time from sending a request upstream to the end of its response")
                    .tag("upstream", upstream.id())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry));
        }
    }

    @Override
    public void record(Route route, int status, long upstreamNanos) {
        Labels labels = route == null
                ? new Labels("none", "refused", "none", statusClass(status))
                : new Labels(route.upstream().id(), route.rule(), route.cohort(), statusClass(status));
        counters.computeIfAbsent(labels, this::counter).increment();
        if (route != null && upstreamNanos > 0) {
            durations.get(route.upstream()).record(upstreamNanos, TimeUnit.NANOSECONDS);
        }
    }

    private Counter counter(Labels labels) {
        return Counter.builder("strangler.requests")
                .description("Requests answered, by upstream, route rule, cohort and status class")
                .tag("upstream", labels.upstream())
                .tag("route", labels.route())
                .tag("cohort", labels.cohort())
                .tag("status_class", labels.statusClass())
                .register(registry);
    }

    private static String statusClass(int status) {
        int index = status / 100 - 1;
        return index >= 0 && index < STATUS_CLASSES.length ? STATUS_CLASSES[index] : "other";
    }

    private record Labels(String upstream, String route, String cohort, String statusClass) {
    }
}
