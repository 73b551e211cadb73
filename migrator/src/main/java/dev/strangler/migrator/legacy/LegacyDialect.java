package dev.strangler.migrator.legacy;

import dev.strangler.config.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.time.Duration;

/**
 * What differs between the legacy databases Strangler reads and marks: PostgreSQL, and MySQL or MariaDB (one
 * protocol, one client). The modern database is always PostgreSQL. The engine asks the dialect where the two
 * disagree on SQL that Strangler writes itself (the plan's own statements are the user's, in the legacy's dialect).
 */
public enum LegacyDialect {

    /** PostgreSQL: {@code SET TRANSACTION} is the first statement inside the transaction it describes. */
    POSTGRESQL {
        @Override
        public Future<Transaction> beginSnapshot(SqlConnection connection) {
            return connection.begin().compose(tx -> connection.query(SNAPSHOT).execute().map(tx));
        }

        @Override
        public Future<Void> limitStatements(SqlConnection connection, Duration limit) {
            long millis = limit.toMillis();
            return connection.query("SET LOCAL statement_timeout = " + millis
                    + "; SET LOCAL idle_in_transaction_session_timeout = " + millis).execute().mapEmpty();
        }

        @Override
        public Future<Void> endLimit(SqlConnection connection) {
            return Future.succeededFuture();
        }
    },

    /**
     * MySQL and MariaDB: {@code SET TRANSACTION} describes the next transaction, so it comes before it begins;
     * InnoDB's repeatable read takes its snapshot at the first read, which is the first fetch. A statement limit
     * is the session's ({@code SET LOCAL} is PostgreSQL's), so it is raised and then put back.
     */
    MYSQL {
        @Override
        public Future<Transaction> beginSnapshot(SqlConnection connection) {
            return connection.query(SNAPSHOT).execute().compose(set -> connection.begin());
        }

        @Override
        public Future<Void> limitStatements(SqlConnection connection, Duration limit) {
            return MySqlLegacy.raiseStatementLimit(connection, limit);
        }

        @Override
        public Future<Void> endLimit(SqlConnection connection) {
            return MySqlLegacy.restoreStatementLimit(connection);
        }
    };

    private static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    /** The dialect of a configured address. */
    public static LegacyDialect of(DatabaseUrl url) {
        return url.kind() == DatabaseUrl.Kind.MYSQL ? MYSQL : POSTGRESQL;
    }

    /** The dialect of the server a connection is open to, as its client reports it. */
    public static LegacyDialect of(SqlConnection connection) {
        String product = connection.databaseMetadata().productName();
        return "MySQL".equalsIgnoreCase(product) || "MariaDB".equalsIgnoreCase(product) ? MYSQL : POSTGRESQL;
    }

    /**
     * Begins a repeatable-read, read-only transaction on the connection: every statement in it reads the same
     * snapshot, so the entities of one user (or of a batch of users) agree with each other.
     */
    public abstract Future<Transaction> beginSnapshot(SqlConnection connection);

    /**
     * Sets the statement time limit of the operational queries over all users for the connection's current
     * transaction, in place of the engine's; {@link #endLimit} ends it before the connection goes back to the pool.
     */
    public abstract Future<Void> limitStatements(SqlConnection connection, Duration limit);

    /** Gives the connection back the engine's statement limit, after {@link #limitStatements}. */
    public abstract Future<Void> endLimit(SqlConnection connection);
}
