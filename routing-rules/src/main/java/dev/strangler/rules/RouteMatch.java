package dev.strangler.rules;

import java.util.Objects;

/**
 * The first stage of a decision: which rule a request matched and whose request it is. It tells the proxy whether
 * it needs the user's status at all ({@link #needsUserStatus()}), so requests on fixed routes never touch the
 * state store; the user key is found on every route, so that the proxy can hold a user's legacy-bound requests
 * while that user's migration is in flight (SPEC §4.2).
 *
 * @param rule    the matching rule, or null when none matched
 * @param target  where the rule sends ({@code LEGACY} when none matched)
 * @param userKey the user key, or null for an anonymous request
 * @param request the request
 */
public record RouteMatch(RouteRule rule, RouteTarget target, String userKey, RequestFacts request) {

    public RouteMatch {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(request, "request");
    }

    /** True when the decision depends on the user's pin and migration state. */
    public boolean needsUserStatus() {
        return target == RouteTarget.ROLLOUT && userKey != null;
    }
}
