package dev.strangler.proxy.forward;

import dev.strangler.rules.Upstream;
import java.util.Objects;

/**
 * Where one request goes and why, in the words metrics use: the upstream, the rule that matched and the cohort the
 * user fell in ({@code none} when no cohort applied). The user key, when known, is carried only for the count of
 * requests in flight per user ({@link InFlightUsers}); it is never a label and never printed. {@code seen} is what
 * the resolver knew of the user when it began deciding ({@link RouteResolver#generation}). {@code admissionRefused}
 * says the user's migration was not started because {@code migration.admission} refused it: a request decided again
 * ({@link RouteResolver#resolveAgain}) is not offered to admission a second time, nor counted twice.
 */
public record Route(Upstream upstream, String rule, String cohort, String userKey, String setCookie, long seen,
                    boolean admissionRefused) implements Resolution {

    public Route {
        Objects.requireNonNull(upstream, "upstream");
        rule = rule == null || rule.isEmpty() ? "default" : rule;
        cohort = cohort == null || cohort.isEmpty() ? "none" : cohort;
    }

    /** A route for a user (null: none), adding no cookie to the answer. */
    public Route(Upstream upstream, String rule, String cohort, String userKey) {
        this(upstream, rule, cohort, userKey, null, 0, false);
    }

    /** This route, decided on what the resolver knew of the user at generation {@code generation}. */
    public Route decidedAt(long generation) {
        return new Route(upstream, rule, cohort, userKey, setCookie, generation, admissionRefused);
    }

    /** This route, taken because admission refused to start the user's migration. */
    public Route refusedAdmission() {
        return new Route(upstream, rule, cohort, userKey, setCookie, seen, true);
    }

    /**
     * This route, whose answer also carries {@code Set-Cookie: setCookie}: the proxy's own cookie, such as the
     * session stamp of {@code routing.session}.
     */
    public Route withSetCookie(String value) {
        return new Route(upstream, rule, cohort, userKey, value, seen, admissionRefused);
    }

    /** A route with no user to count. */
    public Route(Upstream upstream, String rule, String cohort) {
        this(upstream, rule, cohort, null);
    }

    /** A route to one upstream with no rule and no cohort, for fixed routing and tests. */
    public static Route to(Upstream upstream) {
        return new Route(upstream, "default", "none");
    }

    /** Routes are equal when they read the same as metrics labels; the user key is only counted, never compared. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Route route && upstream == route.upstream && rule.equals(route.rule)
                && cohort.equals(route.cohort);
    }

    @Override
    public int hashCode() {
        return Objects.hash(upstream, rule, cohort);
    }

    @Override
    public String toString() {
        return "Route[upstream=" + upstream.id() + ", rule=" + rule + ", cohort=" + cohort + "]";
    }
}
