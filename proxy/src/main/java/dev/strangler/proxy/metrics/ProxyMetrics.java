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
 * registered once per route and status class and kept in an array per route, so recording costs one map lookup by
 * the route (no label strings hashed, nothing allocated) and an add.
 */
public final class ProxyMetrics implements ExchangeRecorder {

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};

    private final MeterRegistry registry;
    /** Each route's counters by status class, registered on first use: a request costs one lookup by its route. */
    private final Map<Route, Counter[]> counters = new ConcurrentHashMap<>();
    /** Requests refused before routing (no route), by status class. */
    private final Counter[] refused = new Counter[STATUS_CLASSES.length];
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
        Counter[] byStatusClass = route == null ? refused
                : counters.computeIfAbsent(route, ignored -> new Counter[STATUS_CLASSES.length]);
        int statusClass = statusClass(status);
        Counter counter = byStatusClass[statusClass];
        if (counter == null) {
            counter = counter(route, STATUS_CLASSES[statusClass]);
            byStatusClass[statusClass] = counter;
        }
        counter.increment();
        if (route != null && upstreamNanos > 0) {
            durations.get(route.upstream()).record(upstreamNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Registering again returns the meter already registered, so event loops racing to fill the same slot end up
     * with the same counter.
     */
    private Counter counter(Route route, String statusClass) {
        return Counter.builder("strangler.requests")
                .description("Requests answered, by upstream, route rule, cohort and status class")
                .tag("upstream", route == null ? "none" : route.upstream().id())
                .tag("route", route == null ? "refused" : route.rule())
                .tag("cohort", route == null ? "none" : route.cohort())
                .tag("status_class", statusClass)
                .register(registry);
    }

    private static int statusClass(int status) {
        int index = status / 100 - 1;
        return index >= 0 && index < STATUS_CLASSES.length - 1 ? index : STATUS_CLASSES.length - 1;
    }
}
