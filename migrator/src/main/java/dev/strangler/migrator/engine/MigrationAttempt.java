package dev.strangler.migrator.engine;

import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.FailureText;
import dev.strangler.migrator.MigratorSettings.InFlightRequests;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigratorSettings.StepListener;
import dev.strangler.migrator.MigratorSettings.StepListener.Step;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.state.Claim;
import dev.strangler.migrator.state.Ledger;
import dev.strangler.migrator.state.LedgerEntry;
import dev.strangler.migrator.state.LockedUser;
import dev.strangler.migrator.state.LedgerSnapshotPolicy;
import dev.strangler.migrator.state.StateChange;
import dev.strangler.migrator.state.UserStates;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One attempt at one user, SPEC §4.2 step by step: in one modern transaction, take the user's lock and re-read the
 * state; read, validate and transform the legacy data; write every entity, the state and the ledger entry; commit;
 * then write legacy's cleaned mark. A failure rolls everything back and is recorded in a small transaction of its
 * own, so the user is never half-migrated and every attempt leaves a ledger entry. A failure once the COMMIT was
 * sent (the hard stop fired, the connection broke) is {@code Unknown}, and so is a failure that could not be
 * recorded: nothing is recorded for them.
 */
final class MigrationAttempt {

    private final Vertx vertx;
    private final AttemptSettings settings;
    private final Pool modern;
    private final UserStates states;
    private final Ledger ledger;
    private final UserPreparation preparation;
    private final List<EntityPipeline> entities;
    private final CleanedMarker cleaned;
    private final DeferredMarks marks;
    private final StepListener steps;
    private final FailureRecord failures;
    private final Supplier<Future<Boolean>> barrier;

    MigrationAttempt(Vertx vertx, AttemptSettings settings, Pool modern, UserStates states, Ledger ledger,
                     UserPreparation preparation, List<EntityPipeline> entities, CleanedMarker cleaned,
                     DeferredMarks marks, StepListener steps, Supplier<Future<Boolean>> barrier) {
        this.vertx = vertx;
        this.barrier = barrier;
        this.settings = settings;
        this.modern = modern;
        this.states = states;
        this.ledger = ledger;
        this.preparation = preparation;
        this.entities = List.copyOf(entities);
        this.cleaned = cleaned;
        this.marks = marks;
        this.steps = steps;
        this.failures = new FailureRecord(vertx, settings, modern, states, ledger);
    }

    /** Runs the attempt; never fails: every error is an outcome. */
    Future<MigrationEngine.Outcome> run(String userKey, Trigger trigger, boolean force) {
        return run(userKey, trigger, force, null);
    }

    /**
     * Runs the attempt for a backfill worker's claim (null: for no claim). The claim is the fence: the outcome and
     * the record of a failure are written only in a transaction that still finds the claim
     * ({@link UserStates#holdsClaim}); otherwise nothing is written and the outcome is {@code ClaimLost}.
     */
    Future<MigrationEngine.Outcome> run(String userKey, Trigger trigger, boolean force, Claim claim) {
        Instant started = settings.clock().instant();
        AttemptDeadline deadline = AttemptDeadline.start(vertx, settings.timeout());
        Future<MigrationEngine.Outcome> work = modern.getConnection().compose(connection -> {
            deadline.watch(connection);
            return connection.begin()
                    .compose(tx -> inTransaction(connection, tx, userKey, trigger, force, claim, started, deadline))
                    .eventually(connection::close);
        });
        return deadline.bound(work)
                .recover(error -> error instanceof ClaimLostError lost ? Future.succeededFuture(lost.outcome())
                        : deadline.committing() ? Future.succeededFuture(new MigrationEngine.Outcome.Unknown(userKey,
                        "failed while committing, the commit may have landed: " + describe(error)))
                        : failures.record(userKey, trigger, force, claim, started,
                        deadline.abandoned() ? new MigrationEngine.Outcome.TimedOut(userKey, settings.timeout())
                                : new MigrationEngine.Outcome.Failed(userKey, describe(error))))
                .compose(outcome -> outcome instanceof MigrationEngine.Outcome.Migrated ? marked(userKey, trigger, outcome)
                        : Future.succeededFuture(outcome));
    }

    /**
     * After the commit: a request's migration writes the cleaned mark once the fleet has heard its barrier (its
     * requests are released after it); if the barrier times out, the mark is deferred like a backfill's and the
     * user stays in transition meanwhile. A migration no request started leaves it to {@link DeferredMarks}, due the
     * mark delay later, and moves on.
     */
    private Future<MigrationEngine.Outcome> marked(String userKey, Trigger trigger, MigrationEngine.Outcome outcome) {
        if (marks.defers(trigger)) {
            marks.committed(List.of(userKey));
            return Future.succeededFuture(outcome);
        }
        return timed(userKey, Step.MARK_CLEANED, () -> barrier.get().compose(heard -> heard ? cleaned.mark(userKey)
                : marks.deferLate(userKey).map(false))).map(outcome);
    }

    private Future<MigrationEngine.Outcome> inTransaction(SqlConnection connection, Transaction tx, String userKey,
                                                   Trigger trigger, boolean force, Claim claim, Instant started,
                                                   AttemptDeadline deadline) {
        return states.lock(connection, userKey)
                .compose(deadline::proceed)
                .compose(user -> decide(connection, userKey, trigger, force, user, started, deadline)
                        .compose(outcome -> ClaimLostError.fenced(states, connection, claim, user, outcome)))
                .compose(outcome -> deadline.enterCommit() ? timed(userKey, Step.COMMIT, tx::commit).map(outcome)
                        : Future.failedFuture(new AttemptDeadline.AttemptAbandoned(deadline.timeout())))
                .onFailure(error -> tx.rollback());
    }

    private Future<MigrationEngine.Outcome> decide(SqlConnection connection, String userKey, Trigger trigger, boolean force,
                                            LockedUser user, Instant started, AttemptDeadline deadline) {
        if (user.pinnedToLegacy()) {
            return Future.succeededFuture(new MigrationEngine.Outcome.NotAttempted(userKey, user.state(),
                    "pinned to legacy by an operator; no migration while the pin holds (unpin first)"));
        }
        if (user.state() == UserState.MIGRATED && !force) {
            return skip(connection, userKey, trigger, user, started);
        }
        if (user.state() == UserState.ROLLING_BACK) {
            return Future.succeededFuture(new MigrationEngine.Outcome.NotAttempted(userKey, user.state(),
                    "a rollback of the user is under way"));
        }
        if (user.state() == UserState.ROLLED_BACK && !force) {
            return Future.succeededFuture(new MigrationEngine.Outcome.NotAttempted(userKey, user.state(),
                    "rolled back by an operator; only a forced run migrates the user again"));
        }
        return legacyDrained(userKey)
                .compose(drained -> preparation.prepare(userKey, deadline))
                .compose(prepared -> preparation.fit(connection, prepared))
                .compose(deadline::proceed)
                .compose(dryRun -> dryRun.wouldMigrate()
                        ? load(connection, dryRun, trigger, user, started)
                        : invalid(connection, dryRun, trigger, user, started));
    }

    /**
     * The write fence's first half: waits (at most half the attempt's time) for the user's requests this instance
     * has in flight to legacy, so none lands after the read; fails the attempt if some are still running.
     */
    private Future<Void> legacyDrained(String userKey) {
        Duration bound = settings.timeout().dividedBy(2);
        return settings.requests().drained(userKey, Upstream.LEGACY, bound).compose(drained -> drained
                ? Future.succeededFuture()
                : Future.failedFuture(new IllegalStateException("requests of " + userKey + " to legacy still in"
                        + " flight on this instance after " + bound.toMillis() + " ms; legacy not read")));
    }

    private Future<MigrationEngine.Outcome> load(SqlConnection connection, DryRun dryRun, Trigger trigger, LockedUser user,
                                          Instant started) {
        return timed(dryRun.userKey(), Step.LOAD, () -> loadAll(connection, dryRun.target()))
                .compose(written -> append(connection, dryRun.userKey(), trigger, user, started, "MIGRATED",
                        settings.snapshots().source(dryRun.source()), settings.snapshots().target(dryRun.target()),
                        List.of()))
                .compose(ledgerId -> states.record(connection, new StateChange(dryRun.userKey(),
                                UserState.MIGRATED, user.nextAttempt(), settings.clock().instant(), null, ledgerId,
                                true))
                        .compose(recorded -> marks.defers(trigger)
                                ? marks.owe(connection, List.of(dryRun.userKey())) : Future.succeededFuture())
                        .map(recorded -> new MigrationEngine.Outcome.Migrated(dryRun.userKey(), ledgerId)));
    }

    /**
     * Sends every entity's upserts at once: the client pipelines them on the attempt's connection and the server
     * runs them in the order sent (the plan's order, parents before children), so the load costs one round trip
     * instead of one per entity. If one fails, the transaction is aborted, the later ones fail with it, and the
     * first failure is the one reported.
     */
    private Future<Void> loadAll(SqlConnection connection, Map<String, List<Map<String, Object>>> target) {
        List<Future<Void>> loads = new ArrayList<>(entities.size());
        for (EntityPipeline entity : entities) {
            loads.add(entity.target().load(connection, target.getOrDefault(entity.name(), List.of())));
        }
        return Future.all(loads).transform(done -> {
            for (Future<Void> load : loads) {
                if (load.failed()) {
                    return Future.failedFuture(load.cause());
                }
            }
            return Future.succeededFuture();
        });
    }

    private Future<MigrationEngine.Outcome> invalid(SqlConnection connection, DryRun dryRun, Trigger trigger,
                                             LockedUser user, Instant started) {
        MigrationEngine.Outcome outcome = new MigrationEngine.Outcome.Invalid(dryRun.userKey(), dryRun.violations());
        return append(connection, dryRun.userKey(), trigger, user, started, outcome.ledgerOutcome(),
                settings.snapshots().source(dryRun.source()), null, dryRun.violations())
                .compose(ledgerId -> states.record(connection, new StateChange(dryRun.userKey(),
                        stateAfter(user, outcome), user.nextAttempt(), settings.clock().instant(),
                        outcome.detail(), ledgerId, false)))
                .map(outcome);
    }

    private Future<MigrationEngine.Outcome> skip(SqlConnection connection, String userKey, Trigger trigger,
                                          LockedUser user, Instant started) {
        MigrationEngine.Outcome outcome = new MigrationEngine.Outcome.AlreadyMigrated(userKey);
        if (trigger != Trigger.CLI && trigger != Trigger.ADMIN) {
            return Future.succeededFuture(outcome);
        }
        return append(connection, userKey, trigger, user, started, outcome.ledgerOutcome(), null, null, List.of())
                .compose(ledgerId -> states.record(connection, new StateChange(userKey, UserState.MIGRATED,
                        user.nextAttempt(), settings.clock().instant(), null, ledgerId, false)))
                .map(outcome);
    }

    private Future<Long> append(SqlConnection connection, String userKey, Trigger trigger, LockedUser user,
                                Instant started, String outcome, JsonObject source, JsonObject target,
                                List<Violation> errors) {
        return ledger.append(connection, new LedgerEntry(userKey, user.nextAttempt(), trigger, started,
                settings.clock().instant(), settings.planVersion(), source, target, errors, settings.instanceId(),
                outcome));
    }

    /** Runs one step and tells the listener how long it took and whether it succeeded. */
    private <T> Future<T> timed(String userKey, Step step, Supplier<Future<T>> work) {
        Instant started = settings.clock().instant();
        return work.get().andThen(done -> steps.stepped(userKey, step, started, settings.clock().instant(),
                done.succeeded()));
    }

    /** A user who was migrated stays migrated whatever a forced re-run finds; otherwise the outcome decides. */
    static UserState stateAfter(LockedUser user, MigrationEngine.Outcome outcome) {
        return user.state() == UserState.MIGRATED ? UserState.MIGRATED : outcome.state();
    }

    static String describe(Throwable error) {
        return FailureText.describe(error);
    }

    /** The attempt-wide settings: time source, bound, identity, the legacy write fence, what the ledger keeps. */
    record AttemptSettings(Clock clock, Duration timeout, String planVersion, String instanceId,
                           InFlightRequests requests, LedgerSnapshotPolicy snapshots) {
    }
}
