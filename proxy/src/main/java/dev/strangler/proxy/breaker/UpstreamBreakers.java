package dev.strangler.proxy.breaker;

import dev.strangler.config.EjectionConfig;
import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.Resolution;
import dev.strangler.proxy.forward.Route;
import dev.strangler.rules.Upstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Outlier ejection for both upstreams (SPEC §10), the {@link UpstreamHealth} others read: a request routed to an
 * ejected upstream is answered 503 with {@code Retry-After} (the rest of the interval), never sent elsewhere, since
 * the request path already chose the only side that may serve it; every forwarded request's status feeds its
 * upstream's breaker (5xx, and the 502/504 of a failed connection, are failures). Metrics:
 * {@code strangler_upstream_ejected{upstream}}, {@code strangler_breaker_state{upstream,state}},
 * {@code strangler_breaker_transitions_total{upstream,from,to}} and {@code strangler_breaker_rejected_total{upstream}};
 * the last {@value #KEPT_TRANSITIONS} transitions are shown by {@code /admin/status}.
 */
public final class UpstreamBreakers implements UpstreamHealth {

    static final int KEPT_TRANSITIONS = 20;
    private static final List<String> STATES = List.of("closed", "open", "half_open");

    private final Map<Upstream, UpstreamBreaker> breakers = new EnumMap<>(Upstream.class);
    private final Map<Upstream, Counter> rejected = new EnumMap<>(Upstream.class);
    private final Deque<Transition> transitions = new ArrayDeque<>();
    private final MeterRegistry registry;

    /** Breakers for the upstreams that have an {@code ejection:}; a null one is never ejected. */
    public UpstreamBreakers(EjectionConfig legacy, EjectionConfig modern, MeterRegistry registry, Clock clock) {
        this.registry = registry;
        Map<Upstream, EjectionConfig> configured = new EnumMap<>(Upstream.class);
        if (legacy != null) {
            configured.put(Upstream.LEGACY, legacy);
        }
        if (modern != null) {
            configured.put(Upstream.MODERN, modern);
        }
        configured.forEach((upstream, config) -> {
            UpstreamBreaker breaker = new UpstreamBreaker(upstream, config, clock, this::transitioned);
            breakers.put(upstream, breaker);
            rejected.put(upstream, Counter.builder("strangler.breaker.rejected")
                    .description("Requests answered 503 because their upstream was ejected")
                    .tag("upstream", upstream.id()).register(registry));
            Gauge.builder("strangler.upstream.ejected", breaker, b -> b.ejected() ? 1 : 0)
                    .description("1 while the upstream is ejected by outlier detection")
                    .tag("upstream", upstream.id()).register(registry);
            for (String state : STATES) {
                Gauge.builder("strangler.breaker.state", breaker, b -> b.state().equals(state) ? 1 : 0)
                        .description("The upstream's circuit breaker state (1 for the current one)")
                        .tag("upstream", upstream.id()).tag("state", state).register(registry);
            }
        });
    }

    /**
     * The resolution to use for {@code resolved}: itself, unless it is a route to an upstream that refuses it now
     * (ejected, or every probe out), which becomes 503 with {@code Retry-After}.
     */
    public Resolution admit(Resolution resolved) {
        if (!(resolved instanceof Route route)) {
            return resolved;
        }
        UpstreamBreaker breaker = breakers.get(route.upstream());
        if (breaker == null || breaker.tryAcquire()) {
            return resolved;
        }
        rejected.get(route.upstream()).increment();
        return Rejection.unavailable(breaker.retryAfter());
    }

    /** {@code next}, feeding each forwarded request's status to its upstream's breaker first. */
    public ExchangeRecorder recording(ExchangeRecorder next) {
        if (breakers.isEmpty()) {
            return next;
        }
        return (route, status, nanos) -> {
            if (route != null) {
                UpstreamBreaker breaker = breakers.get(route.upstream());
                if (breaker != null) {
                    breaker.record(status, nanos);
                }
            }
            next.record(route, status, nanos);
        };
    }

    @Override
    public boolean ejected(Upstream upstream) {
        UpstreamBreaker breaker = breakers.get(upstream);
        return breaker != null && breaker.ejected();
    }

    @Override
    public String state(Upstream upstream) {
        UpstreamBreaker breaker = breakers.get(upstream);
        return breaker == null ? "closed" : breaker.state();
    }

    /** Each upstream's state and whether it is ejected, and the latest transitions, newest first. */
    public synchronized JsonObject toJson() {
        JsonObject upstreams = new JsonObject();
        for (Upstream upstream : Upstream.values()) {
            UpstreamBreaker breaker = breakers.get(upstream);
            upstreams.put(upstream.id(), new JsonObject().put("state", state(upstream))
                    .put("ejected", ejected(upstream))
                    .put("ejection", breaker == null ? "off" : breaker.toString()));
        }
        JsonArray latest = new JsonArray();
        transitions.descendingIterator().forEachRemaining(transition -> latest.add(transition.toJson()));
        return new JsonObject().put("upstreams", upstreams).put("transitions", latest);
    }

    private synchronized void transitioned(Transition transition) {
        Counter.builder("strangler.breaker.transitions").description("Circuit breaker state changes")
                .tag("upstream", transition.upstream()).tag("from", transition.from()).tag("to", transition.to())
                .register(registry).increment();
        transitions.addLast(transition);
        while (transitions.size() > KEPT_TRANSITIONS) {
            transitions.removeFirst();
        }
    }
}
