package dev.strangler.config;

import java.util.Map;
import java.util.Optional;

/**
 * The configured ramps: each cohort's {@code ramp:} plan by cohort name, and the Prometheus their {@code promql}
 * gates ask ({@code prometheus:}, null when not configured).
 */
public record RampsConfig(Map<String, RampPlan> plans, PrometheusEndpoint prometheus) {

    public static final RampsConfig NONE = new RampsConfig(Map.of(), null);

    public RampsConfig {
        plans = Map.copyOf(plans);
    }

    /** The configured plan of a cohort. */
    public Optional<RampPlan> plan(String cohort) {
        return Optional.ofNullable(plans.get(cohort));
    }
}
