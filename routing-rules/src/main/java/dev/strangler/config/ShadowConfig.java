package dev.strangler.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Shadow comparison as a whole ({@code shadow:}), and each route's {@code compare:} by route id.
 *
 * <pre>
 * shadow: { concurrency: 16, keep: 50, maxBodySize: 64KB, retention: 7d, hashUserKeys: true }
 * </pre>
 *
 * @param concurrency  the most shadow requests in flight per instance ({@code concurrency:}, default 16, 1..1024);
 *                     a sampled request finding them all busy is counted {@code skipped}, never queued
 * @param keep         the mismatches kept per route, newest first ({@code keep:}, default 50, 1..10000)
 * @param maxBodySize  the most bytes of each answer kept for comparison ({@code maxBodySize:}, default 64KB); a
 *                     longer body is compared by its SHA-256 only, and a stored mismatch holds at most this much
 * @param retention    how long counts and mismatches stay in the state database ({@code retention:}, default 7d)
 * @param hashUserKeys store the SHA-256 of a mismatch's user key instead of the key ({@code hashUserKeys:},
 *                     default: {@code logging.hashUserKeys})
 * @param routes       each route's comparison, by route id ({@code routing.routes[i].compare}); routes without one
 *                     are never compared
 */
public record ShadowConfig(int concurrency, int keep, long maxBodySize, Duration retention, boolean hashUserKeys,
                           Map<String, CompareConfig> routes) {

    /** No route compared. */
    public static final ShadowConfig NONE = new ShadowConfig(16, 50, 64 * 1024, Duration.ofDays(7), false, Map.of());

    public ShadowConfig {
        Objects.requireNonNull(retention, "retention");
        routes = Map.copyOf(routes);
    }

    /** The comparison of the route with this id, if it has one. */
    public Optional<CompareConfig> route(String id) {
        return Optional.ofNullable(routes.get(id));
    }

    /** True when at least one route is compared. */
    public boolean enabled() {
        return !routes.isEmpty();
    }
}
