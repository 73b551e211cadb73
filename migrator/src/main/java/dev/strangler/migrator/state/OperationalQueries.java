package dev.strangler.migrator.state;

import dev.strangler.migrator.legacy.LegacyDialect;
import io.vertx.core.Future;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Statements over all users (listing them, counting them by state, the status report, the gauges) on the engine's
 * pool, but under their own time limit. Every engine connection starts with {@code statement_timeout} set to
 * {@code migration.timeout}, which bounds one user's attempt and would cut a count over a few million users
 * short; here each statement runs in a transaction that first sets {@code statement_timeout} and
 * {@code idle_in_transaction_session_timeout} for that transaction only ({@code SET LOCAL}), so the connection
 * goes back to the pool with the engine's limits. On a MySQL or MariaDB legacy the limit is the session's: it is
 * raised for the statement and put back after it, whatever its outcome.
 */
public final class OperationalQueries {

    /** The limit of operational statements unless a caller asks for another (the status report, the audit). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final Pool pool;
    private final Duration timeout;

    public OperationalQueries(Pool pool, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: more than zero)");
        }
        this.pool = pool;
        this.timeout = timeout;
    }

    /** The same database with another limit (the gauges take their refresh period as theirs). */
    public OperationalQueries withTimeout(Duration value) {
        return new OperationalQueries(pool, value);
    }

    /** Runs one statement under this limit. */
    public Future<RowSet<Row>> query(String sql, Tuple arguments) {
        return pool.withTransaction(connection -> limited(connection,
                () -> connection.preparedQuery(sql).execute(arguments)));
    }

    /**
     * Streams the rows of {@code sql} through a cursor, {@code chunk} rows at a time, each chunk handed to
     * {@code each} before the next is read; completes with the number of rows. Memory stays one chunk, whatever the
     * number of rows.
     */
    public Future<Long> stream(String sql, int chunk, Function<List<Row>, Future<?>> each) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk: " + chunk + " (expected: 1 or more)");
        }
        return pool.withTransaction(connection -> limited(connection, () -> connection.prepare(sql)
                .compose(statement -> read(statement.cursor(), chunk, each, 0L))));
    }

    private Future<Long> read(Cursor cursor, int chunk, Function<List<Row>, Future<?>> each, long seen) {
        return cursor.read(chunk).compose(rows -> {
            List<Row> list = new ArrayList<>(rows.size());
            rows.forEach(list::add);
            Future<?> handled = list.isEmpty() ? Future.succeededFuture() : each.apply(list);
            long total = seen + list.size();
            return handled.compose(done -> cursor.hasMore() ? read(cursor, chunk, each, total)
                    : cursor.close().map(total));
        });
    }

    /** Runs {@code work} under this limit; on a MySQL or MariaDB legacy the engine's limit is put back after. */
    private <T> Future<T> limited(SqlConnection connection, Supplier<Future<T>> work) {
        LegacyDialect dialect = LegacyDialect.of(connection);
        return dialect.limitStatements(connection, timeout)
                .compose(set -> work.get().eventually(() -> dialect.endLimit(connection)));
    }

    @Override
    public String toString() {
        return "operational queries (statement_timeout " + timeout.toMillis() + " ms)";
    }
}
