package dev.strangler.config;

import java.util.Objects;

/**
 * A ramp gate read from Prometheus ({@code ramp.gates.promql}): the query's value (the first sample of an instant
 * vector, or a scalar) must be at most {@code max}. An empty result or an unreachable Prometheus holds the step.
 *
 * @param query the PromQL expression ({@code query:}, required)
 * @param max   the highest value that passes ({@code max:}, required)
 */
public record PromqlGate(String query, double max) {

    public PromqlGate {
        Objects.requireNonNull(query, "query");
    }

    @Override
    public String toString() {
        return "promql " + query + " <= " + max;
    }
}
