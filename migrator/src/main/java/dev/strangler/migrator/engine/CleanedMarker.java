package dev.strangler.migrator.engine;

import dev.strangler.migrator.state.CleanedDue;
import dev.strangler.migrator.state.LockedUser;
import dev.strangler.migrator.state.UserStates;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
    private final CleanedDue due;
    private final AtomicBoolean repairing = new AtomicBoolean();
    private final Supplier<Future<Boolean>> barrier;

    /**
     * @param barrier the fleet's notification barrier ({@link dev.strangler.migrator.Fleet#barrier}): true once every
     *                live instance heard of every state change committed before it was taken
     */
    CleanedMarker(Pool legacy, String cleaned, StatementTypes legacyTypes, UserStates states, CatchUp catchUp,
                  Clock clock, CleanedDue due, Supplier<Future<Boolean>> barrier) {
        this.due = due;
        this.barrier = barrier;
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
     * list) is seen here, and the rolled-back user is left unmarked. A deferred mark that is not due yet (by the
     * database's clock) is not written either: requests forwarded to legacy before their instance heard of the
     * migration may still land there, after the catch-up would have read legacy.
     */
    Future<Boolean> mark(String userKey) {
        if (cleaned == null || cleaned.isBlank()) {
            return states.inTransaction(modern -> owedAndDue(modern, userKey).compose(owed -> owed
                            ? states.cleanedDone(modern, userKey, clock.instant()).map(true)
                            : Future.succeededFuture(false)))
                    .recover(error -> notRecorded(userKey, error));
        }
        LegacyTransaction held = new LegacyTransaction();
        AtomicReference<CatchUp.CaughtUp> caught = new AtomicReference<>();
        return states.inTransaction(modern -> states.lock(modern, userKey).compose(user -> owed(user)
                        ? due.dueIn(modern, userKey).compose(wait -> wait.isZero() ? Future.succeededFuture(user)
                                : Future.failedFuture(new NotDue(userKey, wait)))
                        .compose(dueNow -> held.begin(legacy))
                                .compose(connection -> writeMark(connection, userKey)
                                        .compose(marked -> catchUp.run(modern, connection, userKey, user)))
                                .compose(caughtUp -> {
                                    caughtUp.ifPresent(caught::set);
                                    return states.cleanedDone(modern, userKey, clock.instant());
                                })
                                .map(true)
                        : Future.succeededFuture(false)))
                .compose(marked -> marked ? held.commit().map(true) : Future.succeededFuture(false))
                .andThen(done -> {
                    if (done.succeeded() && done.result() && caught.get() != null) {
                        catchUp.committed(userKey, caught.get());
                    }
                })
                .recover(error -> error instanceof NotDue ? Future.succeededFuture(false) : held.rollback()
                        .compose(undone -> states.cleanedOwedAgain(userKey, MigrationAttempt.describe(error)))
                        .map(false))
                .eventually(held::close)
                .recover(error -> notRecorded(userKey, error));
    }

    /** Under the user's lock (taken here): whether the mark is owed and due. */
    private Future<Boolean> owedAndDue(SqlConnection modern, String userKey) {
        return states.lock(modern, userKey).compose(user -> !owed(user) ? Future.succeededFuture(false)
                : due.dueIn(modern, userKey).map(Duration::isZero));
    }

    /** A deferred mark asked for before it is due: nothing is written, the mark stays owed. */
    private static final class NotDue extends RuntimeException {
        NotDue(String userKey, Duration wait) {
            super("the cleaned mark of " + userKey + " is due in " + wait.toMillis() + " ms", null, false, false);
        }
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
    static final class LegacyTransaction {

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
     * Writes the user's owed mark once it is due (at once when it is, or none is owed); for a rollback, which must
     * not copy modern back before the mark's catch-up brought legacy's late writes into modern. Never fails.
     */
    Future<Boolean> markWhenDue(Vertx vertx, String userKey) {
        return due.owedIn(userKey).otherwise(Optional.of(Duration.ZERO)).compose(owed -> owed.isEmpty()
                ? Future.succeededFuture(false)
                : (owed.get().isZero() ? Future.<Void>succeededFuture()
                        : vertx.timer(owed.get().toMillis() + 1, TimeUnit.MILLISECONDS).<Void>mapEmpty())
                        .compose(waited -> markHeard(userKey)));
    }

    /**
     * Writes the user's owed mark once the fleet has heard a barrier taken now, after the user's commit: every live
     * instance then knows the user is migrated and its requests decided before have ended, so none of their writes
     * can still reach legacy after the catch-up. A barrier that times out leaves the mark owed (false), for the
     * timer or the repair to try again. Never fails.
     */
    Future<Boolean> markHeard(String userKey) {
        return barrier.get().compose(heard -> heard ? mark(userKey) : Future.succeededFuture(false));
    }

    /**
     * Writes every owed mark that is due (up to a batch; younger deferred marks are left for a later run);
     * completes with how many were written. A run that starts while another is under way does nothing.
     */
    Future<Integer> repair() {
        if (!repairing.compareAndSet(false, true)) {
            return Future.succeededFuture(0);
        }
        return states.cleanedPending(REPAIR_BATCH)
                .compose(keys -> keys.isEmpty() ? Future.succeededFuture(0) : barrier.get().compose(heard -> heard
                        ? markEach(keys, 0, 0) : Future.succeededFuture(0)))
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
