package dev.strangler.migrator.engine;

import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.state.LockedUser;
import dev.strangler.migrator.state.PgLedger.MigratedSnapshot;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state database's side of a batch of cleaned marks ({@link BatchMarker}), each one statement over the batch's
 * keys: the users' locks taken in key order (the lock {@code UserStates.lock} takes, which a rollback takes too) and
 * read under them which users are still {@code MIGRATED}, owed a mark and due, with the snapshot of their last
 * migration ({@code PgLedger.lastMigrated}); then every mark recorded done ({@code UserStates.cleanedDone}), or owed
 * again when legacy's commit failed ({@code UserStates.cleanedOwedAgain}).
 */
final class BatchMarkRows {

    /** Waits for each lock in the array's order (the caller sorts it), so two batches never wait on each other. */
    private static final String LOCK = """
            SELECT pg_advisory_xact_lock(hashtextextended('strangler.user:' || key, 0))
            FROM unnest($1::text[]) AS key""";

    /** A later statement than the locks, so its snapshot sees the last holder's commit. */
    private static final String OWED = """
            SELECT user_key, attempts FROM strangler.user_state
            WHERE user_key = ANY($1) AND state = 'MIGRATED' AND cleaned_pending
                AND (cleaned_due_at IS NULL OR cleaned_due_at <= clock_timestamp())""";

    private static final String LAST_MIGRATED = """
            SELECT DISTINCT ON (user_key) user_key, trigger, source_snapshot, target_snapshot FROM strangler.ledger
            WHERE user_key = ANY($1) AND outcome IN ('MIGRATED', 'CATCH_UP', 'SYNC_BACK')
            ORDER BY user_key, id DESC""";

    private static final String CLEANED_DONE = """
            WITH done AS (
                UPDATE strangler.user_state
                SET cleaned_pending = false, cleaned_at = $2, cleaned_tries = cleaned_tries + 1, cleaned_error = NULL
                WHERE user_key = ANY($1) AND cleaned_pending
                RETURNING last_ledger_id, cleaned_tries)
            INSERT INTO strangler.ledger_cleaned (ledger_id, cleaned_at, tries)
            SELECT last_ledger_id, $2, cleaned_tries FROM done WHERE last_ledger_id IS NOT NULL
            ON CONFLICT (ledger_id) DO NOTHING""";

    private static final String CLEANED_OWED_AGAIN = """
            UPDATE strangler.user_state
            SET cleaned_pending = true, cleaned_tries = cleaned_tries + 1, cleaned_error = $2
            WHERE user_key = ANY($1) AND state = 'MIGRATED'""";

    private final Pool modern;

    BatchMarkRows(Pool modern) {
        this.modern = modern;
    }

    /**
     * Takes the users' locks (keys sorted, no duplicates) for the rest of the transaction and reads, under them,
     * those whose mark is owed and due, in key order, with their last migration's snapshot (absent when none). The
     * three statements are sent at once; the server runs them in order.
     */
    Future<Map<String, Owed>> lockOwed(SqlConnection connection, List<String> sortedKeys) {
        Tuple keys = Tuple.of(sortedKeys.toArray(String[]::new));
        Future<RowSet<Row>> locked = connection.preparedQuery(LOCK).execute(keys);
        Future<RowSet<Row>> owed = connection.preparedQuery(OWED).execute(keys);
        Future<RowSet<Row>> last = connection.preparedQuery(LAST_MIGRATED).execute(keys);
        return Future.all(locked, owed, last).map(all -> {
            Map<String, MigratedSnapshot> snapshots = new HashMap<>();
            for (Row row : last.result()) {
                Object source = row.getValue("source_snapshot");
                Object target = row.getValue("target_snapshot");
                snapshots.put(row.getString("user_key"), new MigratedSnapshot(
                        Trigger.valueOf(row.getString("trigger").toUpperCase(Locale.ROOT)),
                        source instanceof JsonObject json ? json : new JsonObject(),
                        target instanceof JsonObject json ? json : null));
            }
            Map<String, Owed> users = new LinkedHashMap<>();
            for (Row row : owed.result()) {
                String key = row.getString("user_key");
                users.put(key, new Owed(new LockedUser(UserState.MIGRATED, row.getInteger("attempts"), null, true),
                        snapshots.get(key)));
            }
            Map<String, Owed> inKeyOrder = new LinkedHashMap<>();
            sortedKeys.stream().filter(users::containsKey).forEach(key -> inKeyOrder.put(key, users.get(key)));
            return inKeyOrder;
        });
    }

    /** Records, in the marks' transaction, that legacy's mark of each user's last migration is written. */
    Future<Void> cleanedDone(SqlConnection connection, List<String> keys, Instant at) {
        return connection.preparedQuery(CLEANED_DONE)
                .execute(Tuple.of(keys.toArray(String[]::new), at.atOffset(ZoneOffset.UTC))).mapEmpty();
    }

    /** After legacy's commit failed once modern's had recorded the marks: the marks are owed again. */
    Future<Void> cleanedOwedAgain(List<String> keys, String error) {
        return modern.preparedQuery(CLEANED_OWED_AGAIN).execute(Tuple.of(keys.toArray(String[]::new), error))
                .mapEmpty();
    }

    /**
     * A user whose mark is owed and due, read under their lock.
     *
     * @param user     their state under the lock (its attempts number the catch-up's ledger entry)
     * @param snapshot their last migration's snapshot, or null when the ledger has none
     */
    record Owed(LockedUser user, MigratedSnapshot snapshot) {
    }
}
