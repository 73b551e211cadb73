package dev.strangler.proxy.metrics;

import dev.strangler.proxy.routing.RequestPathEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The request path's own outcomes as Prometheus metrics: {@code strangler_unknown_state_total}, requests answered
 * 503 because their user's state could not be read and the user may be migrated.
 */
public final class RequestPathMetrics implements RequestPathEvents {

    private final Counter unknownState;

    public RequestPathMetrics(MeterRegistry registry) {
        this.unknownState = Counter.builder("strangler.unknown.state")
                .description("Requests answered 503: the user's state could not be read and the user may be migrated")
                .register(registry);
    }

    @Override
    public void unknownState() {
        unknownState.increment();
    }

    /** Requests answered 503 for an unknown state since this instance started. */
    public long unknownStates() {
        return (long) unknownState.count();
    }
}
