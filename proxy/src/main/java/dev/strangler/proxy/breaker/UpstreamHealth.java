package dev.strangler.proxy.breaker;

import dev.strangler.rules.Upstream;

/**
 * Whether each upstream is ejected by outlier detection ({@code upstreams.*.ejection}), for the parts that must act
 * on it: the request path admits no migration while modern is ejected, and a ramp holds its step.
 */
public interface UpstreamHealth {

    /** True while {@code upstream} is ejected: its requests are answered 503 until its probes succeed. */
    boolean ejected(Upstream upstream);

    /** False while modern is ejected: no user may start a migration, and users not yet migrated stay on legacy. */
    default boolean admitsMigrations() {
        return !ejected(Upstream.MODERN);
    }

    /** The breaker state of {@code upstream}: {@code closed}, {@code open} or {@code half_open}. */
    String state(Upstream upstream);

    /** Never ejects anything. */
    static UpstreamHealth healthy() {
        return new UpstreamHealth() {
            @Override
            public boolean ejected(Upstream upstream) {
                return false;
            }

            @Override
            public String state(Upstream upstream) {
                return "closed";
            }
        };
    }
}
