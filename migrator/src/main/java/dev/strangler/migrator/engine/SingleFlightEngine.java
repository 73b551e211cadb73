package dev.strangler.migrator.engine;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.migrator.state.Claim;
import dev.strangler.migrator.state.UserStates;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * At most one attempt per user at a time in this process, the way a loading cache loads a key at most once: the
 * first caller starts the attempt, every concurrent caller gets the same future, and the entry is removed when the
 * attempt ends. Across processes the attempt's advisory lock does the same. A cheap state read first answers users
 * already migrated, and users whose failed attempt is too recent to retry on a request.
 *
 * <p>The entry never outlives {@code migration.timeout} plus {@value #SETTLE_MARGIN_MS} ms, even when a database
 * stops answering (packets dropped, no error ever comes back) during the state read or the failure record: its
 * callers then get {@code Unknown} (as when the state read fails), and the next caller starts afresh.
 */
final class SingleFlightEngine {

    /** Beyond the attempt's own deadline: its unwinding (a second) and the failure record. */
    static final long SETTLE_MARGIN_MS = 5_000;

    private final Map<String, Future<MigrationEngine.Outcome>> inFlight = new ConcurrentHashMap<>();
    private final MigrationAttempt attempt;
    private final UserStates states;
    private final Clock clock;
    private final Duration retryAfter;
    private final long settleMillis;

    SingleFlightEngine(MigrationAttempt attempt, UserStates states, Clock clock, Duration retryAfter,
                       Duration timeout) {
        this.attempt = attempt;
        this.states = states;
        this.clock = clock;
        this.retryAfter = retryAfter;
        this.settleMillis = timeout.toMillis() + SETTLE_MARGIN_MS;
    }

    /** See {@link dev.strangler.migrator.MigrationEngine#ensureMigrated}. */
    Future<MigrationEngine.Outcome> ensureMigrated(String userKey, Trigger trigger) {
        return migrate(userKey, trigger, false);
    }

    /** Like {@link #ensureMigrated}, and with {@code force} re-runs a migrated or rolled-back user too. */
    Future<MigrationEngine.Outcome> migrate(String userKey, Trigger trigger, boolean force) {
        return migrate(userKey, trigger, force, null);
    }

    /**
     * Like {@link #migrate(String, Trigger, boolean)} for a backfill worker's claim, which fences the attempt's
     * writes. A caller that joins an attempt in flight (a request's) gets its outcome: that attempt is not the
     * worker's to fence.
     */
    Future<MigrationEngine.Outcome> migrate(String userKey, Trigger trigger, boolean force, Claim claim) {
        Future<MigrationEngine.Outcome> running = inFlight.get(userKey);
        if (running != null) {
            return running;
        }
        Promise<MigrationEngine.Outcome> promise = Promise.promise();
        Future<MigrationEngine.Outcome> mine = promise.future();
        Future<MigrationEngine.Outcome> existing = inFlight.putIfAbsent(userKey, mine);
        if (existing != null) {
            return existing;
        }
        Future.succeededFuture()
                .compose(start -> decide(userKey, trigger, force, claim))
                .timeout(settleMillis, TimeUnit.MILLISECONDS)
                .recover(error -> Future.succeededFuture(
                        new MigrationEngine.Outcome.Unknown(userKey, MigrationAttempt.describe(error))))
                .onComplete(done -> {
                    inFlight.remove(userKey, mine);
                    promise.handle(done);
                });
        return mine;
    }

    private Future<MigrationEngine.Outcome> decide(String userKey, Trigger trigger, boolean force, Claim claim) {
        if (force || trigger == Trigger.CLI || trigger == Trigger.ADMIN) {
            return attempt.run(userKey, trigger, force, claim);
        }
        return states.find(userKey).compose(facts -> {
            if (facts.state() == UserState.MIGRATED) {
                return Future.succeededFuture(new MigrationEngine.Outcome.AlreadyMigrated(userKey));
            }
            if (trigger == Trigger.REQUEST && facts.state().isRetryable()
                    && !facts.retryDue(retryAfter, clock.instant())) {
                return states.recordedOutcome(userKey);
            }
            return attempt.run(userKey, trigger, false, claim);
        });
    }

    /**
     * Runs other work on the user (a rollback) under the same single flight: after the attempt in flight, if any,
     * and seen by {@link #inFlight} while it runs, so the proxy holds the user's requests until it ends. Waiters
     * get {@code asOutcome} of the result.
     */
    <T> Future<T> exclusive(String userKey, Supplier<Future<T>> work, Function<T, MigrationEngine.Outcome> asOutcome) {
        Future<MigrationEngine.Outcome> running = inFlight.get(userKey);
        if (running != null) {
            return running.transform(done -> exclusive(userKey, work, asOutcome));
        }
        Promise<MigrationEngine.Outcome> promise = Promise.promise();
        Future<MigrationEngine.Outcome> mine = promise.future();
        Future<MigrationEngine.Outcome> existing = inFlight.putIfAbsent(userKey, mine);
        if (existing != null) {
            return existing.transform(done -> exclusive(userKey, work, asOutcome));
        }
        Future<T> result = Future.succeededFuture().compose(start -> work.get());
        result.onComplete(done -> {
            inFlight.remove(userKey, mine);
            promise.complete(done.succeeded() ? asOutcome.apply(done.result())
                    : new MigrationEngine.Outcome.Failed(userKey, MigrationAttempt.describe(done.cause())));
        });
        return result;
    }

    /** See {@link dev.strangler.migrator.MigrationEngine#inFlight}. */
    Optional<Future<MigrationEngine.Outcome>> inFlight(String userKey) {
        return Optional.ofNullable(inFlight.get(userKey));
    }

    /** Whether a user with these facts may be attempted again now (a failed user waits {@code retryAfter}). */
    boolean retryDue(UserFacts facts) {
        return facts.retryDue(retryAfter, clock.instant());
    }
}
