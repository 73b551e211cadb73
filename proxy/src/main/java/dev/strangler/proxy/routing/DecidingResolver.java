package dev.strangler.proxy.routing;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationOutcome;
import dev.strangler.migrator.Trigger;
import dev.strangler.migrator.UserFacts;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.proxy.forward.Resolution;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.RouteResolver;
import dev.strangler.rules.Decision;
import dev.strangler.rules.RouteMatch;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserStatus;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The request path of SPEC §3 and §4.2 between the data plane and the upstreams: request facts, user key, user
 * facts (cached), the routing table's decision, and, when the decision says so, the user's migration before the
 * request goes to modern. While a migration of the user is in flight on this instance, every request of that
 * user waits for it, legacy-bound ones included, so that no write reaches legacy after its data was read.
 * A migration that does not succeed, and a state store that cannot be read, send the request to legacy: the user
 * never sees the failure.
 */
public final class DecidingResolver implements RouteResolver {

    private final AtomicReference<RoutingTable> table;
    private final UserFactsCache facts;
    private final MigrationEngine engine;
    private final Clock clock;
    private final Duration retryAfter;
    private final RequestFactsReader reader;

    public DecidingResolver(RoutingTable table, UserFactsCache facts, MigrationEngine engine, Clock clock,
                            Duration retryAfter) {
        this.table = new AtomicReference<>(table);
        this.facts = facts;
        this.engine = engine;
        this.clock = clock;
        this.retryAfter = retryAfter;
        this.reader = new RequestFactsReader(clock);
    }

    /** Replaces the routing table (a reloaded configuration, new runtime percentages); requests in flight keep theirs. */
    public void use(RoutingTable newTable) {
        table.set(newTable);
    }

    public RoutingTable table() {
        return table.get();
    }

    @Override
    public Future<Resolution> resolve(RequestHead head) {
        RequestFactsReader.Read read = reader.read(head);
        if (read instanceof RequestFactsReader.Refused refused) {
            return Future.succeededFuture(refused.rejection());
        }
        RoutingTable routing = table.get();
        RouteMatch match = routing.match(((RequestFactsReader.Facts) read).facts());
        String userKey = match.userKey();
        Optional<Future<MigrationOutcome>> inFlight = userKey == null ? Optional.empty() : engine.inFlight(userKey);
        if (inFlight.isPresent()) {
            return inFlight.get().transform(done -> decide(routing, match));
        }
        return decide(routing, match);
    }

    private Future<Resolution> decide(RoutingTable routing, RouteMatch match) {
        if (!match.needsUserStatus()) {
            return Future.succeededFuture(route(routing.decide(match, UserStatus.NEW)));
        }
        String userKey = match.userKey();
        return facts.find(userKey).transform(found -> {
            if (found.failed()) {
                return Future.succeededFuture(legacy(routing.decide(match, UserStatus.NEW)));
            }
            Decision decision = routing.decide(match, status(found.result()));
            if (!decision.migrateFirst()) {
                return Future.succeededFuture(route(decision));
            }
            return engine.ensureMigrated(userKey, Trigger.REQUEST).transform(migrated -> {
                if (migrated.failed()) {
                    return Future.succeededFuture(legacy(decision));
                }
                MigrationOutcome outcome = migrated.result();
                facts.put(new UserFacts(userKey, outcome.state(), found.result().pin(), clock.instant()));
                return Future.succeededFuture(outcome.servedByModern() ? route(decision) : legacy(decision));
            });
        });
    }

    private UserStatus status(UserFacts user) {
        boolean retryDue = user.state().isRetryable()
                && (user.lastAttemptAt() == null || !clock.instant().isBefore(user.lastAttemptAt().plus(retryAfter)));
        return new UserStatus(user.state(), user.pin(), retryDue);
    }

    private static Resolution route(Decision decision) {
        return new Route(decision.upstream(), decision.rule(), decision.cohort());
    }

    private static Resolution legacy(Decision decision) {
        return new Route(Upstream.LEGACY, decision.rule(), decision.cohort());
    }
}
