package dev.strangler.proxy.routing;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationOutcome;
import dev.strangler.migrator.Trigger;
import dev.strangler.migrator.UserFacts;
import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.proxy.forward.Resolution;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.RouteResolver;
import dev.strangler.rules.Decision;
import dev.strangler.rules.RouteMatch;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import dev.strangler.rules.UserStatus;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The request path of SPEC §3 and §4.2 between the data plane and the upstreams: request facts, user key, user
 * facts (cached), the routing table's decision, and, when the decision says so, the user's migration before the
 * request goes to modern. While a migration of the user is in flight on this instance, every request of that
 * user waits for it, legacy-bound ones included, so that no write reaches legacy after its data was read.
 * A migration that does not succeed sends the request to legacy: the user never sees the failure. A user whose
 * state cannot be read (state database unreachable, pool busy, deadline passed) goes to legacy only when this
 * instance knows they are certainly not migrated ({@link MigratedKeys}); anyone else gets 503 with
 * {@code Retry-After}, never the wrong side. No request waits longer than the hold limit, whatever the databases
 * do. Request-triggered migrations start only as fast as {@code migration.admission} allows; a user refused
 * admission is not attempted and goes to legacy, where their data is.
 * A user who is being rolled back ({@code ROLLING_BACK}, announced to every instance) gets 503 with
 * {@code Retry-After}: neither side holds their data for certain until the rollback ends. A request held behind this
 * instance's migration or rollback re-reads the user's state when released, never the cached one.
 */
public final class DecidingResolver implements RouteResolver {

    private final AtomicReference<RoutingTable> table;
    private final UserFactsCache facts;
    private final MigrationEngine engine;
    private final Clock clock;
    private final Settings settings;
    private final MigratedKeys keys;
    private final AdmissionBucket admission;
    private final RequestPathEvents events;
    private final RequestFactsReader reader;

    /**
     * How the request path waits and answers.
     *
     * @param retryAfter            {@code migration.retryAfter}: how soon a failed user may be attempted again
     * @param holdLimit             the longest a request waits for its user's state and migration
     *                              ({@code migration.timeout} plus a margin); then it is answered as an unknown state
     * @param unavailableRetryAfter the {@code Retry-After} of a 503 for an unknown state
     */
    public record Settings(Duration retryAfter, Duration holdLimit, Duration unavailableRetryAfter) {
    }

    /**
     * @param keys      who is certainly not migrated, when a user's state cannot be read
     * @param admission how many request-triggered migrations may start ({@code migration.admission})
     * @param events    the request path's metrics
     */
    public DecidingResolver(RoutingTable table, UserFactsCache facts, MigrationEngine engine, MigratedKeys keys,
                            AdmissionBucket admission, RequestPathEvents events, Clock clock, Settings settings) {
        this.table = new AtomicReference<>(table);
        this.facts = facts;
        this.engine = engine;
        this.keys = keys;
        this.admission = admission;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
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
        Future<Resolution> decided = inFlight.isPresent()
                ? inFlight.get().transform(done -> {
                    facts.invalidate(userKey);
                    return decide(routing, match);
                })
                : decide(routing, match);
        return decided.isComplete() ? decided.recover(bug -> Future.succeededFuture(unknownState(routing, match)))
                : held(decided, routing, match, inFlight.isPresent());
    }

    /**
     * A request waiting for its user's state or migration: counted while it waits, and never held longer than the
     * hold limit, after which it is answered as an unknown state (503 when it waited for a migration of the user).
     */
    private Future<Resolution> held(Future<Resolution> decided, RoutingTable routing, RouteMatch match,
                                    boolean behindMigration) {
        events.holdStarted();
        return decided.timeout(settings.holdLimit().toMillis(), TimeUnit.MILLISECONDS).transform(done -> {
            events.holdEnded();
            if (done.succeeded()) {
                return Future.succeededFuture(done.result());
            }
            if (done.cause() instanceof TimeoutException) {
                events.holdExpired();
                if (behindMigration || keys.attempting(match.userKey())) {
                    events.unknownState();
                    return Future.succeededFuture(Rejection.unavailable(settings.unavailableRetryAfter()));
                }
            }
            return Future.succeededFuture(unknownState(routing, match));
        });
    }

    private Future<Resolution> decide(RoutingTable routing, RouteMatch match) {
        if (!match.needsUserStatus()) {
            return Future.succeededFuture(route(routing.decide(match, UserStatus.NEW)));
        }
        String userKey = match.userKey();
        return facts.find(userKey).transform(found -> {
            if (found.failed()) {
                return Future.succeededFuture(unknownState(routing, match));
            }
            if (found.result().state() == UserState.ROLLING_BACK) {
                return Future.succeededFuture(Rejection.unavailable(settings.unavailableRetryAfter()));
            }
            Decision decision = routing.decide(match, status(found.result()));
            if (!decision.migrateFirst()) {
                return Future.succeededFuture(route(decision));
            }
            if (!admission.tryAdmit() && engine.inFlight(userKey).isEmpty()) {
                events.admissionRefused();
                return Future.succeededFuture(legacy(decision));
            }
            keys.attemptStarting(userKey);
            long seen = facts.generation(userKey);
            return engine.ensureMigrated(userKey, Trigger.REQUEST).transform(migrated -> {
                keys.attemptEnded(userKey, migrated.failed() || mayHaveMigrated(migrated.result()));
                if (migrated.failed()) {
                    return Future.succeededFuture(unknownState(routing, match));
                }
                MigrationOutcome outcome = migrated.result();
                facts.put(new UserFacts(userKey, outcome.state(), found.result().pin(), clock.instant()), seen);
                return Future.succeededFuture(outcome.servedByModern() ? route(decision) : legacy(decision));
            });
        });
    }

    /**
     * The user's state could not be established: legacy for a user certainly not migrated, otherwise 503 with
     * {@code Retry-After}, counted.
     */
    private Resolution unknownState(RoutingTable routing, RouteMatch match) {
        if (match.userKey() == null || keys.certainlyNotMigrated(match.userKey())) {
            return legacy(routing.decide(match, UserStatus.NEW));
        }
        events.unknownState();
        return Rejection.unavailable(settings.unavailableRetryAfter());
    }

    /** False only for outcomes that certainly left the user's data on legacy alone. */
    private static boolean mayHaveMigrated(MigrationOutcome outcome) {
        return !(outcome instanceof MigrationOutcome.Invalid)
                && !(outcome instanceof MigrationOutcome.NotAttempted notAttempted
                && MigratedKeys.legacySafe(notAttempted.state()));
    }

    private UserStatus status(UserFacts user) {
        boolean retryDue = user.state().isRetryable() && (user.lastAttemptAt() == null
                || !clock.instant().isBefore(user.lastAttemptAt().plus(settings.retryAfter())));
        return new UserStatus(user.state(), user.pin(), retryDue);
    }

    private static Resolution route(Decision decision) {
        return new Route(decision.upstream(), decision.rule(), decision.cohort(), decision.userKey());
    }

    private static Resolution legacy(Decision decision) {
        return new Route(Upstream.LEGACY, decision.rule(), decision.cohort(), decision.userKey());
    }
}
