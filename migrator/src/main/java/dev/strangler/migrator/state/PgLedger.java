package dev.strangler.migrator.state;

import dev.strangler.migrator.MigrationEngine.Trigger;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/** The ledger in {@code strangler.ledger}, whose trigger refuses every update and delete. */
public final class PgLedger implements Ledger {

    private static final String APPEND = """
            INSERT INTO strangler.ledger (user_key, attempt, trigger, started_at, finished_at, duration_ms,
                plan_version, source_snapshot, target_snapshot, errors, instance_id, outcome)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            RETURNING id""";

    private static final String LAST_MIGRATED = """
            SELECT trigger, source_snapshot, target_snapshot FROM strangler.ledger
            WHERE user_key = $1 AND outcome IN ('MIGRATED', 'CATCH_UP', 'SYNC_BACK') ORDER BY id DESC LIMIT 1""";

    /**
     * The snapshots of the user's last migration, catch-up or sync-back (whose target is legacy's rows after the
     * copy, transformed), and what triggered it; empty if none.
     */
    public Future<Optional<MigratedSnapshot>> lastMigrated(SqlConnection modern, String userKey) {
        return modern.preparedQuery(LAST_MIGRATED).execute(Tuple.of(userKey)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            Object source = row.getValue("source_snapshot");
            Object target = row.getValue("target_snapshot");
            return Optional.of(new MigratedSnapshot(Trigger.valueOf(row.getString("trigger").toUpperCase(Locale.ROOT)),
                    source instanceof JsonObject json ? json : new JsonObject(),
                    target instanceof JsonObject json ? json : null));
        });
    }

    /**
     * A migration's snapshots, as {@code migration.ledger.snapshots} kept them, and its trigger.
     *
     * @param source the legacy rows, or a hash per entity
     * @param target the transformed rows, a hash per entity, or null ({@code source} mode)
     */
    public record MigratedSnapshot(Trigger trigger, JsonObject source, JsonObject target) {
    }

    @Override
    public Future<Long> append(SqlConnection modern, LedgerEntry entry) {
        JsonArray errors = Snapshots.errors(entry.errors());
        Tuple values = Tuple.tuple()
                .addValue(entry.userKey())
                .addValue(entry.attempt())
                .addValue(entry.trigger().id())
                .addValue(entry.startedAt().atOffset(ZoneOffset.UTC))
                .addValue(entry.finishedAt().atOffset(ZoneOffset.UTC))
                .addValue(entry.duration().toMillis())
                .addValue(entry.planVersion())
                .addValue(entry.sourceSnapshot())
                .addValue(entry.targetSnapshot())
                .addValue(errors)
                .addValue(entry.instanceId())
                .addValue(entry.outcome());
        return modern.preparedQuery(APPEND).execute(values).map(rows -> rows.iterator().next().getLong("id"));
    }
}
