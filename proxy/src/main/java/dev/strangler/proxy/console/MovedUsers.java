package dev.strangler.proxy.console;

import dev.strangler.config.Percent;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.rules.RequestFacts;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserStatus;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * How many users a percentage change moves, for the confirmation an operator reads before making it: every user the
 * plan's {@code users} query lists is decided by the routing table as it is and as it would be, as a request
 * without headers on a rollout path is ({@code when:} conditions on headers are not known ahead of a request), and
 * those whose side changes are counted.
 */
public final class MovedUsers {

    private final DecidingResolver resolver;
    private final ListedUsers listed;

    public MovedUsers(DecidingResolver resolver, ListedUsers listed) {
        this.resolver = resolver;
        this.listed = listed;
    }

    /** Users moved by setting {@code cohort} to {@code percent}, each way, among {@code of} users listed. */
    Future<Moves> count(String cohort, Percent percent) {
        return listed.get().map(keys -> {
            RoutingTable now = resolver.table();
            Map<String, Percent> percentages = new HashMap<>(now.percentages());
            percentages.put(cohort, percent);
            RoutingTable next = now.withPercentages(percentages);
            long toModern = 0;
            long toLegacy = 0;
            for (String key : keys) {
                Upstream before = now.decideRollout(key, RequestFacts.of("GET", "/"), UserStatus.NEW).upstream();
                Upstream after = next.decideRollout(key, RequestFacts.of("GET", "/"), UserStatus.NEW).upstream();
                if (before != after) {
                    if (after == Upstream.MODERN) {
                        toModern++;
                    } else {
                        toLegacy++;
                    }
                }
            }
            return new Moves(toModern, toLegacy, keys.size());
        });
    }

    /**
     * What a change does to the users listed.
     *
     * @param toModern users not yet migrated who would be sent to modern (and migrate on their next request)
     * @param toLegacy users who would be sent to legacy; any already migrated stay on modern
     * @param of       users listed
     */
    record Moves(long toModern, long toLegacy, long of) {

        /** One sentence for the confirmation. */
        String describe() {
            if (toModern == 0 && toLegacy == 0) {
                return "This change moves none of the " + of + " users the plan lists.";
            }
            if (toLegacy == 0) {
                return "This change moves " + toModern + " of the " + of + " users the plan lists to modern: those"
                        + " not migrated yet migrate on their next request.";
            }
            return "This change moves " + toLegacy + " of the " + of + " users the plan lists back to legacy, unless"
                    + " they are migrated already (a migrated user stays on modern until rolled back)"
                    + (toModern == 0 ? "." : ", and " + toModern + " to modern.");
        }
    }
}
