package dev.strangler.migrator.legacy;

import dev.strangler.config.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;

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
        public boolean limitsStatementsPerTransaction() {
            return true;
        }
    },

    /**
     * MySQL and MariaDB: {@code SET TRANSACTION} describes the next transaction, so it comes before it begins;
     * InnoDB's repeatable read takes its snapshot at the first read, which is the first fetch. Statements have no
     * per-transaction time limit ({@code SET LOCAL statement_timeout} is PostgreSQL's).
     */
    MYSQL {
        @Override
        public Future<Transaction> beginSnapshot(SqlConnection connection) {
            return connection.query(SNAPSHOT).execute().compose(set -> connection.begin());
        }

        @Override
        public boolean limitsStatementsPerTransaction() {
            return false;
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
     * Whether a transaction can set its own statement time limit ({@code SET LOCAL statement_timeout}), as the
     * operational queries over all users do.
     */
    public abstract boolean limitsStatementsPerTransaction();
}
