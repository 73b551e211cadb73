package dev.strangler.migrator.sync;

import dev.strangler.config.NamedStatement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds the users of a changed row whose table's owner is a query ({@link RowOwner}: declared in {@code userKey:} or
 * derived from a joined fetch): runs it on the row's database for the row before and after, each bound to
 * the row's columns by name, and takes the first column of every row it returns. Called on Debezium's thread, it
 * waits; a database that does not answer is retried with backoff until it does or the sync closes, while a query
 * the server refuses (an error it reports) or whose values cannot be bound is logged and counted
 * ({@code skipped{reason="owner_query_failed"}}): retrying would stop the stream for good.
 */
final class OwnerQueries {

    private static final Logger LOG = Logger.getLogger(OwnerQueries.class.getName());

    private final Pool database;
    private final SyncCounters counters;
    private final BooleanSupplier closed;

    /** @param database the database of the rows whose users it finds (legacy's, or modern's) */
    OwnerQueries(Pool database, SyncCounters counters, BooleanSupplier closed) {
        this.database = database;
        this.counters = counters;
        this.closed = closed;
    }

    /** The users of the row change, by the query. */
    Set<String> users(NamedStatement query, RowChange change) throws InterruptedException {
        for (long backoff = 200; ; backoff = Math.min(backoff * 2, 10_000)) {
            try {
                return read(query, change).toCompletionStage().toCompletableFuture().get();
            } catch (ExecutionException e) {
                if (refused(e.getCause())) {
                    LOG.log(Level.WARNING, "sync: cannot find the users of a changed row of {0} ({1}): {2}",
                            new Object[] {change.table(), query.sql(), e.getCause().toString()});
                    counters.skip("owner_query_failed");
                    return Set.of();
                }
                LOG.log(Level.WARNING, "sync: finding the users of a changed row of {0} failed, retrying: {1}",
                        new Object[] {change.table(), e.getCause().toString()});
                if (closed.getAsBoolean()) {
                    throw new InterruptedException("sync closed");
                }
                Thread.sleep(backoff);
            }
        }
    }

    /** An error retrying cannot mend: the server refused the query, or a value cannot be bound to its type. */
    private static boolean refused(Throwable error) {
        return error instanceof PgException || error instanceof IllegalArgumentException
                || error instanceof ClassCastException;
    }

    private Future<Set<String>> read(NamedStatement query, RowChange change) {
        List<Future<Set<String>>> reads = new ArrayList<>();
        for (JsonObject row : new JsonObject[] {change.before(), change.after()}) {
            if (row == null) {
                continue;
            }
            Tuple values = Tuple.tuple();
            query.parameters().forEach(name -> values.addValue(row.getValue(name)));
            reads.add(database.preparedQuery(query.sql()).execute(values).map(rows -> {
                Set<String> users = new LinkedHashSet<>();
                for (Row found : rows) {
                    if (found.getValue(0) != null) {
                        users.add(String.valueOf(found.getValue(0)));
                    }
                }
                return users;
            }));
        }
        return Future.all(reads).map(done -> {
            Set<String> users = new LinkedHashSet<>();
            reads.forEach(read -> users.addAll(read.result()));
            return users;
        });
    }
}
