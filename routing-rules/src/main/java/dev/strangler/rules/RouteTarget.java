package dev.strangler.rules;

/** Where a route rule sends its requests ({@code to:} in {@code routing.routes}). */
public enum RouteTarget {
    /** Always the legacy system. */
    LEGACY,
    /** Always the modern system; no migration. */
    MODERN,
    /** User by user: pins, migration state and cohort percentages decide (SPEC §3.4). */
    ROLLOUT
}
