package dev.strangler.proxy.console;

import dev.strangler.migrator.UserStateStore;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.rules.RequestFacts;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.UserState;
import dev.strangler.rules.UserStatus;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Users by cohort and state for the overview: each user the plan lists is placed in the cohort a request without
 * headers would put them in, and counted by the state the state database holds (pending when it holds none).
 * Counting reads every listed key and every key in a state, so it runs at most every {@link #KEEP} and not at all
 * beyond {@value #MAX_USERS} listed users (the fleet-wide counts still show).
 */
public final class CohortCounts {

    static final Duration KEEP = Duration.ofSeconds(30);
    static final int MAX_USERS = 200_000;
    /** The cohort of users no cohort takes. */
    static final String NONE = "";
    private static final List<UserState> COUNTED = List.of(UserState.MIGRATED, UserState.INVALID, UserState.FAILED,
            UserState.ROLLED_BACK, UserState.ROLLING_BACK);

    private final UserStateStore states;
    private final DecidingResolver resolver;
    private final ListedUsers listed;
    private final Clock clock;
    private Future<Map<String, Map<UserState, Long>>> counts;
    private Instant countedAt = Instant.MIN;

    public CohortCounts(UserStateStore states, DecidingResolver resolver, ListedUsers listed, Clock clock) {
        this.states = states;
        this.resolver = resolver;
        this.listed = listed;
        this.clock = clock;
    }

    /** Cohort name to users by state; empty when there are too many users to count here. */
    synchronized Future<Map<String, Map<UserState, Long>>> get() {
        Instant now = clock.instant();
        if (counts == null || counts.failed() || !now.isBefore(countedAt.plus(KEEP))) {
            counts = count();
            countedAt = now;
        }
        return counts;
    }

    private Future<Map<String, Map<UserState, Long>>> count() {
        return listed.get().compose(users -> {
            if (users.size() > MAX_USERS) {
                return Future.succeededFuture(Map.of());
            }
            List<Future<List<String>>> inState = new ArrayList<>();
            for (UserState state : COUNTED) {
                inState.add(states.keysIn(Set.of(state)));
            }
            return Future.all(inState).map(all -> {
                Map<String, UserState> stateOf = new HashMap<>();
                for (int i = 0; i < COUNTED.size(); i++) {
                    for (String key : inState.get(i).result()) {
                        stateOf.put(key, COUNTED.get(i));
                    }
                }
                RoutingTable table = resolver.table();
                Map<String, Map<UserState, Long>> byCohort = new HashMap<>();
                for (String key : users) {
                    String cohort = table.decideRollout(key, RequestFacts.of("GET", "/"), UserStatus.NEW).cohort();
                    byCohort.computeIfAbsent(cohort == null ? NONE : cohort, name -> new EnumMap<>(UserState.class))
                            .merge(stateOf.getOrDefault(key, UserState.PENDING), 1L, Long::sum);
                }
                return byCohort;
            });
        });
    }
}
