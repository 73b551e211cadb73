package dev.strangler.migrator.engine;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.state.Claim;
import dev.strangler.migrator.state.Ledger;
import dev.strangler.migrator.state.LedgerEntry;
import dev.strangler.migrator.state.StateChange;
import dev.strangler.migrator.state.UserStates;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The record of a failed or timed-out attempt ({@link MigrationAttempt}), in a transaction of its own under the
 * user's lock, fenced by the worker's claim like the attempt.
 */
final class FailureRecord {

    private static final Logger LOG = Logger.getLogger(FailureRecord.class.getName());
    private static final int RECORD_TRIES = 3;
    private static final long RECORD_RETRY_DELAY_MS = 100;

    private final Vertx vertx;
    private final MigrationAttempt.AttemptSettings settings;
    private final Pool modern;
    private final UserStates states;
    private final Ledger ledger;

    FailureRecord(Vertx vertx, MigrationAttempt.AttemptSettings settings, Pool modern, UserStates states,
                  Ledger ledger) {
        this.vertx = vertx;
        this.settings = settings;
        this.modern = modern;
        this.states = states;
        this.ledger = ledger;
    }

    /**
     * Records the failure. When another instance migrated the user meanwhile, nothing is written and the outcome is
     * {@code AlreadyMigrated}. A forced re-run of a migrated user that fails leaves the user migrated. When the
     * record cannot be written, the outcome is {@code Unknown}: another instance may have migrated the user, and
     * nothing says otherwise.
     */
    Future<MigrationEngine.Outcome> record(String userKey, Trigger trigger, boolean force, Claim claim, Instant started,
                                    MigrationEngine.Outcome failure) {
        return write(userKey, trigger, force, claim, started, failure, RECORD_TRIES)
                .recover(error -> {
                    if (error instanceof ClaimLostError lost) {
                        return Future.succeededFuture(lost.outcome());
                    }
                    LOG.log(Level.WARNING, "could not record the failed migration of " + userKey + ": "
                            + MigrationAttempt.describe(error));
                    return Future.succeededFuture(new MigrationEngine.Outcome.Unknown(userKey, failure.detail()
                            + "; the failure could not be recorded: " + MigrationAttempt.describe(error)));
                });
    }

    /**
     * The pool may hand out a connection whose server side just died (the fault that failed the attempt may have
     * killed it) before the client noticed, so on a closed connection it waits a moment, for the pool to drop it,
     * and tries again.
     */
    private Future<MigrationEngine.Outcome> write(String userKey, Trigger trigger, boolean force, Claim claim,
                                           Instant started, MigrationEngine.Outcome failure, int tries) {
        return writeOnce(userKey, trigger, force, claim, started, failure).recover(error ->
                error instanceof ClosedConnectionException && tries > 1
                        ? vertx.timer(RECORD_RETRY_DELAY_MS).compose(waited ->
                                write(userKey, trigger, force, claim, started, failure, tries - 1))
                        : Future.failedFuture(error));
    }

    private Future<MigrationEngine.Outcome> writeOnce(String userKey, Trigger trigger, boolean force, Claim claim,
                                               Instant started, MigrationEngine.Outcome failure) {
        String cause = failure instanceof MigrationEngine.Outcome.Failed failed ? failed.cause() : failure.detail();
        return modern.withTransaction(connection -> states.lock(connection, userKey).compose(user -> {
            if (user.state() == UserState.MIGRATED && !force) {
                return Future.succeededFuture(new MigrationEngine.Outcome.AlreadyMigrated(userKey));
            }
            return ledger.append(connection, new LedgerEntry(userKey, user.nextAttempt(), trigger, started,
                            settings.clock().instant(), settings.planVersion(), null, null,
                            List.of(new Violation(null, null, null, null, cause)), settings.instanceId(),
                            failure.ledgerOutcome()))
                    .compose(ledgerId -> states.record(connection, new StateChange(userKey,
                            MigrationAttempt.stateAfter(user, failure), user.nextAttempt(),
                            settings.clock().instant(), cause, ledgerId, false)))
                    .map(failure)
                    .compose(recorded -> ClaimLostError.fenced(states, connection, claim, user, recorded));
        }));
    }
}
