package dev.strangler.proxy.routing;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.proxy.forward.Resolution;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.RouteResolver;
import dev.strangler.rules.Decision;
import dev.strangler.rules.RouteMatch;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.SessionBoundary;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import dev.strangler.rules.UserStatus;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The request path of SPEC §3 and §4.2 between the data plane and the upstreams: request facts, user key, user
 * facts (cached), the routing table's decision, and, when the decision says so, the user's migration before the
 * request goes to modern. While a migration of the user is in flight on this instance, every request of that
 * user waits for it, legacy-bound ones included, so that no write reaches legacy after its data was read.
 * A migration that does not succeed sends the request to legacy: the user never sees the failure. One whose outcome
 * is unknown ({@code MigrationEngine.Outcome.Unknown}: nothing recorded, the user may be on either side) is answered
 * as an unknown state, and what was remembered of the user is forgotten, so the next request reads them again
 * ({@link UnknownStateRule}: a user whose state cannot be read, and the hold limit). Request-triggered migrations
 * start only as fast as {@code migration.admission} allows; a user refused admission is not attempted
 * ({@link AdmissionGate}: a read goes to legacy, where the facts read from the store, or remembered while the change
 * stream was current, {@link UserFactsCache#find}, say their data is; a write gets 503 with {@code Retry-After}).
 * A user who is being rolled back ({@code ROLLING_BACK}, announced to every instance) gets 503 with
 * {@code Retry-After}: neither side holds their data for certain until the rollback ends. So does a user in
 * transition ({@link UserFacts#inTransition}: migrated, cleaned mark owed), after a short wait for the mark. A
 * request held behind this instance's migration or rollback re-reads the user's state when released, not the cache.
 */
public final class DecidingResolver implements RouteResolver {

    /**
     * The longest user key served, in UTF-8 bytes; a longer one is answered 400 before its state is read. The key
     * travels in the state schema's notifications, whose payload PostgreSQL caps near 8000 bytes: a longer one
     * would abort the transaction that migrates the user.
     */
    public static final int MAX_USER_KEY_BYTES = 1024;

    /** How long a request of a user in transition waits for the cleaned mark's notification, by default. */
    public static final Duration TRANSITION_HOLD = Duration.ofSeconds(2);

    private final AtomicReference<RoutingTable> table;
    private final UserFactsCache facts;
    private final MigrationEngine engine;
    private final Clock clock;
    private final Settings settings;
    private final MigratedKeys keys;
    private final AdmissionGate admission;
    private final RequestPathEvents events;
    private final RequestFactsReader reader;
    private final StageRouting stages = new StageRouting();
    private final UnknownStateRule unsure;

    /**
     * How the request path waits and answers.
     *
     * @param retryAfter            {@code migration.retryAfter}: how soon a failed user may be attempted again
     * @param holdLimit             the longest a request waits for its user's state and migration
     *                              ({@code migration.timeout} plus a margin); then it is answered as an unknown state
     * @param unavailableRetryAfter the {@code Retry-After} of a 503 for an unknown state
     * @param transitionHold        how long a request of a user in transition waits for the cleaned mark's
     *                              notification before a 503
     */
    public record Settings(Duration retryAfter, Duration holdLimit, Duration unavailableRetryAfter,
                           Duration transitionHold) {

        /** With the default {@link #TRANSITION_HOLD}. */
        public Settings(Duration retryAfter, Duration holdLimit, Duration unavailableRetryAfter) {
            this(retryAfter, holdLimit, unavailableRetryAfter, TRANSITION_HOLD);
        }
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
        this.admission = new AdmissionGate(admission, events, settings.unavailableRetryAfter());
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.reader = new RequestFactsReader(clock);
        this.unsure = new UnknownStateRule(keys, events, settings.holdLimit(), settings.unavailableRetryAfter());
    }

    /**
     * Replaces the routing table (a reloaded configuration, new runtime percentages); requests in flight keep theirs.
     */
    public void use(RoutingTable newTable) {
        table.set(newTable);
    }

    public RoutingTable table() {
        return table.get();
    }

    /** The cohort stages this instance routes by (set through {@code RuntimeRollout}, like the percentages). */
    public StageRouting stages() {
        return stages;
    }

    @Override
    public Future<Resolution> resolve(RequestHead head) {
        return resolve(head, false);
    }

    /** As {@link #resolve}, but a request refused admission before is not offered to it again (nor counted). */
    @Override
    public Future<Resolution> resolveAgain(RequestHead head, Route before) {
        return resolve(head, before.admissionRefused());
    }

    private Future<Resolution> resolve(RequestHead head, boolean refusedBefore) {
        RoutingTable routing = table.get();
        RequestFactsReader.Read read = reader.read(head, routing.identity());
        if (read instanceof RequestFactsReader.Refused refused) {
            return Future.succeededFuture(refused.rejection());
        }
        RouteMatch match = routing.match(((RequestFactsReader.Facts) read).facts());
        String userKey = match.userKey();
        if (userKey != null && tooLong(userKey)) {
            return Future.succeededFuture(Rejection.badRequest("Bad Request: user key longer than "
                    + MAX_USER_KEY_BYTES + " bytes"));
        }
        long seen = userKey == null ? 0 : facts.generation(userKey);
        Optional<Future<MigrationEngine.Outcome>> inFlight = userKey == null ? Optional.empty()
                : engine.inFlight(userKey);
        Future<Resolution> decided = routing.session() != null
                ? stamped(undecided(routing, match, userKey, inFlight, refusedBefore), routing, match)
                : undecided(routing, match, userKey, inFlight, refusedBefore);
        return (decided.isComplete() ? decided.recover(bug -> Future.succeededFuture(unsure.answer(routing, match)))
                : unsure.held(decided, routing, match, inFlight.isPresent()))
                .map(resolution -> resolution instanceof Route route ? route.decidedAt(seen) : resolution);
    }

    private Future<Resolution> undecided(RoutingTable routing, RouteMatch match, String userKey,
                                         Optional<Future<MigrationEngine.Outcome>> inFlight, boolean refusedBefore) {
        return inFlight.isPresent()
                ? inFlight.get().transform(done -> {
                    facts.invalidate(userKey);
                    return decide(routing, match, transitionEnds(), refusedBefore);
                })
                : decide(routing, match, transitionEnds(), refusedBefore);
    }

    /**
     * A legacy-bound request of a legacy session ({@code routing.session}) carries the session's stamp back, so every
     * instance can tell when the session went idle ({@link SessionBoundary#stamp}).
     */
    private static Future<Resolution> stamped(Future<Resolution> decided, RoutingTable routing, RouteMatch match) {
        return decided.map(resolution -> {
            if (resolution instanceof Route route && route.upstream() == Upstream.LEGACY) {
                String stamp = routing.session().stamp(match.request());
                return stamp == null ? route : route.withSetCookie(stamp);
            }
            return resolution;
        });
    }

    /**
     * The answer when {@link #resolve} failed or threw (a bug): legacy only for a request without a user key, whose
     * data cannot have moved; 503 with {@code Retry-After} for anyone else, whatever their state.
     */
    @Override
    public Resolution fallback(RequestHead head) {
        RoutingTable routing = table.get();
        return unsure.fallback(routing, reader.read(head, routing.identity()) instanceof RequestFactsReader.Facts facts
                ? routing.match(facts.facts()) : null);
    }

    /** The user's generation in {@link UserFactsCache}: it changes whenever a change of the user is learnt. */
    @Override
    public long generation(String userKey) {
        return facts.generation(userKey);
    }

    @Override
    public String userKey(RequestHead head) {
        RoutingTable routing = table.get();
        RequestFactsReader.Read read = reader.read(head, routing.identity());
        return read instanceof RequestFactsReader.Facts facts ? routing.userKey(facts.facts()) : null;
    }

    private Future<Resolution> decide(RoutingTable routing, RouteMatch match, long holdEnds, boolean refusedBefore) {
        if (!match.needsUserStatus()) {
            return Future.succeededFuture(route(routing.decide(match, UserStatus.NEW)));
        }
        return facts.find(match.userKey()).transform(found -> found.failed()
                ? Future.succeededFuture(unsure.answer(routing, match))
                : decideFor(routing, match, found.result(), holdEnds, true, refusedBefore));
    }

    /**
     * Decides on the user's facts. An attempt that says the user is served by modern is followed by a read of the
     * store: modern only once the cleaned mark is written (the attempt's own mark may have failed, and a user
     * another process migrated may still be owed theirs). On that read ({@code mayMigrate} false), a decision to
     * migrate first means the store and the attempt disagree: the state is then unknown.
     */
    private Future<Resolution> decideFor(RoutingTable routing, RouteMatch match, UserFacts user, long holdEnds,
                                         boolean mayMigrate, boolean refusedBefore) {
        if (user.state() == UserState.ROLLING_BACK) {
            return Future.succeededFuture(Rejection.unavailable(settings.unavailableRetryAfter()));
        }
        if (user.inTransition()) {
            return inTransition(routing, match, holdEnds, refusedBefore);
        }
        Decision decision = stages.decide(routing, match, status(user));
        if (!decision.migrateFirst()) {
            return Future.succeededFuture(route(decision));
        }
        if (!mayMigrate) {
            return Future.succeededFuture(unsure.answer(routing, match));
        }
        String userKey = match.userKey();
        Resolution refused = engine.inFlight(userKey).isEmpty()
                ? admission.refusal(match, decision, refusedBefore) : null;
        if (refused != null) {
            return Future.succeededFuture(refused);
        }
        keys.attemptStarting(userKey);
        long seen = facts.generation(userKey);
        return engine.ensureMigrated(userKey, Trigger.REQUEST).transform(migrated -> {
            keys.attemptEnded(userKey, migrated.failed() || MigratedKeys.mayHaveMigrated(migrated.result()));
            events.migrationEnded(decision.cohort(),
                    migrated.failed() ? "UNKNOWN" : migrated.result().ledgerOutcome());
            if (migrated.failed() || migrated.result() instanceof MigrationEngine.Outcome.Unknown) {
                facts.invalidate(userKey);
                return Future.succeededFuture(unsure.answer(routing, match));
            }
            MigrationEngine.Outcome outcome = migrated.result();
            if (!outcome.servedByModern() && !MigratedKeys.mayHaveMigrated(outcome)) {
                facts.put(new UserFacts(userKey, outcome.state(), user.pin(), clock.instant()), seen);
                return Future.succeededFuture(UnknownStateRule.legacy(decision));
            }
            // Modern, or an attempt that failed or timed out: another instance may have migrated the user meanwhile
            // (this attempt may have waited for its lock), so the store decides, and legacy only on its word.
            facts.invalidate(userKey);
            return facts.find(userKey).transform(read -> read.failed()
                    ? Future.succeededFuture(unsure.answer(routing, match))
                    : read.result().state() == UserState.MIGRATED && !read.result().inTransition()
                    ? Future.succeededFuture(route(decision))
                    : decideFor(routing, match, read.result(), holdEnds, false, refusedBefore));
        });
    }

    /**
     * A user in transition: migrated, and legacy's cleaned mark, with the catch-up of legacy writes made since the
     * migration read legacy, not written yet (by a backfill, a command line or another instance; this instance's
     * own request-path migration holds the user's requests until its mark). Neither side may serve them: the
     * catch-up would overwrite what modern acknowledged, and legacy's data is no longer theirs. The request is decided
     * again on each of the user's notifications until the mark's, for at most {@link Settings#transitionHold} in all
     * ({@code holdEnds}, {@link System#nanoTime}); still in transition then: 503 with {@code Retry-After}, counted.
     */
    private Future<Resolution> inTransition(RoutingTable routing, RouteMatch match, long holdEnds,
                                            boolean refusedBefore) {
        long left = holdEnds - System.nanoTime();
        return left <= 0 ? Future.succeededFuture(unsure.unavailable()) : facts.nextChange(match.userKey(),
                Duration.ofNanos(left)).transform(changed -> decide(routing, match, holdEnds, refusedBefore));
    }

    private long transitionEnds() {
        return System.nanoTime() + settings.transitionHold().toNanos();
    }

    private static boolean tooLong(String userKey) {
        return userKey.length() > MAX_USER_KEY_BYTES / 3
                && userKey.getBytes(StandardCharsets.UTF_8).length > MAX_USER_KEY_BYTES;
    }

    private UserStatus status(UserFacts user) {
        boolean retryDue = user.state().isRetryable() && (user.lastAttemptAt() == null
                || !clock.instant().isBefore(user.lastAttemptAt().plus(settings.retryAfter())));
        return new UserStatus(user.state(), user.pin(), retryDue);
    }

    private static Resolution route(Decision decision) {
        return new Route(decision.upstream(), decision.rule(), decision.cohort(), decision.userKey());
    }

}
