package dev.strangler.migrator;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;

/**
 * What a failure says in an outcome, the ledger, the admin API and the command line: its type and message, and for
 * a timeout what timed out and what to do. The command line words its own failures with it too. The database client's own word for a connection that did not come in
 * time is only {@code Timeout}; PostgreSQL's statement and lock timeouts name themselves only by SQL state.
 */
public final class FailureText {

    private FailureText() {
    }

    /** The failure in words: type and message, or for a timeout what timed out and what to do. */
    public static String describe(Throwable error) {
        String message = error.getMessage();
        if (error instanceof PoolTimeout) {
            return message;
        }
        if (isPoolTimeout(error)) {
            return "timed out waiting for a free database connection: every connection of the pool stayed busy for"
                    + " its whole wait limit (migration.timeout); the database is slow or overloaded, or too many"
                    + " migrations run at once. Retry when the load is lower";
        }
        if (error instanceof PgException pg && pg.getSqlState() != null) {
            String what = switch (pg.getSqlState()) {
                case "57014" -> "a statement ran longer than its statement_timeout and was cancelled";
                case "55P03" -> "gave up waiting for a lock another transaction holds (lock_timeout): the user's"
                        + " rows are busy (a migration, a rollback or a long legacy write); retry in a moment";
                case "25P03" -> "a transaction stayed idle longer than idle_in_transaction_session_timeout and was"
                        + " ended by the server";
                default -> null;
            };
            if (what != null) {
                return what + " (" + pg.getErrorMessage() + ")";
            }
        }
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** True when the failure is a timeout of some kind: a connection, a lock, a statement, an idle transaction. */
    public static boolean isTimeout(Throwable error) {
        return error instanceof PoolTimeout || isPoolTimeout(error) || error instanceof PgException pg
                && ("57014".equals(pg.getSqlState()) || "55P03".equals(pg.getSqlState())
                || "25P03".equals(pg.getSqlState()));
    }

    /** The pool's own timeout, labelled with the pool and the step when it is one. */
    public static <T> Future<T> waitingFor(String pool, String doing, Future<T> work) {
        return work.recover(error -> Future.failedFuture(isPoolTimeout(error) ? new PoolTimeout(pool, doing)
                : error));
    }

    private static boolean isPoolTimeout(Throwable error) {
        return "Timeout".equals(error.getMessage()) && !(error instanceof PgException);
    }

    /** No connection came from a named pool in time. */
    static final class PoolTimeout extends RuntimeException {
        PoolTimeout(String pool, String doing) {
            super("timed out waiting for a connection from the " + pool + " database pool while " + doing
                    + ": every connection stayed busy for the pool's wait limit (migration.timeout); the " + pool
                    + " database is slow or overloaded, or too many migrations run at once. Retry when the load is"
                    + " lower", null, false, false);
        }
    }
}
