package dev.strangler.rules;


import java.util.List;
import java.util.Objects;

/**
 * Which requests go where ({@code routing:}; SPEC §3).
 *
 * @param salt      mixed into every bucket so that two rollouts do not pick the same users ({@code salt:},
 *                  required when a route rolls out; changing it reshuffles every user, so never change it
 *                  during a rollout)
 * @param anonymous where requests without a user key go on rollout routes ({@code anonymous:}, default
 *                  {@code legacy})
 * @param bucketing how keys become buckets ({@code bucketing:}, {@code strangler} (default) or {@code unleash};
 *                  see {@link Bucketing})
 * @param routes    the route rules, first match wins ({@code routes:}; see {@link RouteRule} for each key)
 * @param cohorts   the cohorts, first selecting cohort wins ({@code cohorts:}; see {@link dev.strangler.rules.Cohort}
 *                  for each key); a rollout user selected by none goes to legacy
 * @param session   cutover at a session boundary ({@code session:}; see {@link SessionBoundary}), null when off
 */
public record RoutingConfig(String salt, Upstream anonymous, Bucketing bucketing, List<RouteRule> routes,
                            List<Cohort> cohorts, SessionBoundary session) {

    /** Routing without a session boundary. */
    public RoutingConfig(String salt, Upstream anonymous, Bucketing bucketing, List<RouteRule> routes,
                         List<Cohort> cohorts) {
        this(salt, anonymous, bucketing, routes, cohorts, null);
    }

    public RoutingConfig {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(anonymous, "anonymous");
        Objects.requireNonNull(bucketing, "bucketing");
        routes = List.copyOf(routes);
        cohorts = List.copyOf(cohorts);
    }
}
