package dev.strangler.migrator.engine;

import dev.strangler.migrator.state.LockedUser;
import dev.strangler.migrator.state.UserStates;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Step 5 of SPEC §4.2: after the commit, the plan's {@code cleaned} statement marks the user as migrated in legacy.
 * The state database says the mark is owed from the commit on, so a failure here (or a crash just before) leaves a
 * user who is migrated and owed a mark; {@link #repair()} writes the owed marks, and the engine runs it
 * periodically until none is left. When it was written shows in {@code strangler.ledger_cleaned}.
 *
 * <p>The mark is the write fence's second half: it is written in a legacy transaction whose UPDATE holds the user's
 * root row, and before it commits the {@link CatchUp} re-reads the user's legacy data and brings into modern what
 * changed since the migration read it. Modern commits first (the catch-up and "mark done"), legacy second, so legacy
 * is never marked cleaned on data modern lacks; if legacy's commit then fails, the mark is owed again.
 */
final class CleanedMarker {

    private static final Logger LOG = Logger.getLogger(CleanedMarker.class.getName());
    private static final int REPAIR_BATCH = 100;

    private final Pool legacy;
    private final String cleaned;
    private final StatementTypes legacyTypes;
    private final UserStates states;
    private final CatchUp catchUp;
    private final Clock clock;
    private final AtomicBoolean repairing = new AtomicBoolean();

    CleanedMarker(Pool legacy, String cleaned, StatementTypes legacyTypes, UserStates states, CatchUp catchUp,
                  Clock clock) {
        this.legacy = legacy;
        this.cleaned = cleaned;
        this.legacyTypes = legacyTypes;
        this.states = states;
        this.catchUp = catchUp;
        this.clock = clock;
    }

    /**
     * Writes the user's mark in legacy and records it; completes with whether it was written. Never fails. It runs
     * under the user's lock, the one a rollback takes, and only while the user is still {@code MIGRATED} and owed
     * the mark: a rollback that committed after the caller decided to mark (the attempt's commit, the repair's
     * list) is seen here, and the rolled-back user is left unmarked.
     */
    Future<Boolean> mark(String userKey) {
        if (cleaned == null || cleaned.isBlank()) {
            return states.inTransaction(modern -> states.lock(modern, userKey).compose(user -> owed(user)
                            ? states.cleanedDone(modern, userKey, clock.instant()).map(true)
                            : Future.succeededFuture(false)))
                    .recover(error -> notRecorded(userKey, error));
        }
        LegacyTransaction held = new LegacyTransaction();
        return states.inTransaction(modern -> states.lock(modern, userKey).compose(user -> owed(user)
                        ? held.begin(legacy)
                                .compose(connection -> writeMark(connection, userKey)
                                        .compose(marked -> catchUp.run(modern, connection, userKey, user)))
                                .compose(caughtUp -> states.cleanedDone(modern, userKey, clock.instant()))
                                .map(true)
                        : Future.succeededFuture(false)))
                .compose(marked -> marked ? held.commit().map(true) : Future.succeededFuture(false))
                .recover(error -> held.rollback()
                        .compose(undone -> states.cleanedOwedAgain(userKey, MigrationAttempt.describe(error)))
                        .map(false))
                .eventually(held::close)
                .recover(error -> notRecorded(userKey, error));
    }

    private static boolean owed(LockedUser user) {
        return user.state() == UserState.MIGRATED && user.cleanedPending();
    }

    private Future<Void> writeMark(SqlConnection connection, String userKey) {
        return legacyTypes.key(cleaned, connection, userKey)
                .compose(key -> connection.preparedQuery(cleaned).execute(key)).mapEmpty();
    }

    /**
     * The mark's legacy transaction, begun under the user's lock (a modern connection is always taken before a
     * legacy one, as an attempt does, so the two pools never wait on each other in a cycle) and committed only
     * after modern's transaction.
     */
    private static final class LegacyTransaction {

        private SqlConnection connection;
        private Transaction transaction;

        Future<SqlConnection> begin(Pool legacy) {
            return legacy.getConnection().compose(opened -> {
                connection = opened;
                return opened.begin();
            }).map(begun -> {
                transaction = begun;
                return connection;
            });
        }

        Future<Void> commit() {
            return transaction.commit();
        }

        Future<Void> rollback() {
            return transaction == null ? Future.succeededFuture() : transaction.rollback().otherwiseEmpty();
        }

        Future<Void> close() {
            return connection == null ? Future.succeededFuture() : connection.close().otherwiseEmpty();
        }
    }

    private static Future<Boolean> notRecorded(String userKey, Throwable error) {
        LOG.log(Level.WARNING, "cleaned mark of " + userKey + " not recorded: " + MigrationAttempt.describe(error));
        return Future.succeededFuture(false);
    }

    /**
     * Writes every owed mark (up to a batch); completes with how many were written. A run that starts while another
     * is under way does nothing.
     */
    Future<Integer> repair() {
        if (!repairing.compareAndSet(false, true)) {
            return Future.succeededFuture(0);
        }
        return states.cleanedPending(REPAIR_BATCH)
                .compose(keys -> markEach(keys, 0, 0))
                .recover(error -> {
                    LOG.log(Level.WARNING, "cleaned-mark repair failed: " + MigrationAttempt.describe(error));
                    return Future.succeededFuture(0);
                })
                .onComplete(done -> repairing.set(false));
    }

    private Future<Integer> markEach(List<String> keys, int index, int written) {
        if (index == keys.size()) {
            return Future.succeededFuture(written);
        }
        return mark(keys.get(index)).compose(ok -> markEach(keys, index + 1, ok ? written + 1 : written));
    }
}
