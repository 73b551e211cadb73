package dev.strangler.proxy.forward;

import dev.strangler.rules.Upstream;
import java.util.Objects;

/**
 * Where one request goes and why, in the words metrics use: the upstream, the rule that matched and the cohort the
 * user fell in ({@code none} when no cohort applied). Never carries the user key or the raw path, so it is safe as
 * a metrics label set.
 */
public record Route(Upstream upstream, String rule, String cohort) implements Resolution {

    public Route {
        Objects.requireNonNull(upstream, "upstream");
        rule = rule == null || rule.isEmpty() ? "default" : rule;
        cohort = cohort == null || cohort.isEmpty() ? "none" : cohort;
    }

    /** A route to one upstream with no rule and no cohort, for fixed routing and tests. */
    public static Route to(Upstream upstream) {
        return new Route(upstream, "default", "none");
    }
}
