package dev.strangler.migrator.state;

import io.vertx.core.Future;
import dev.strangler.migrator.Trigger;
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
            SELECT trigger, target_snapshot FROM strangler.ledger
            WHERE user_key = $1 AND outcome IN ('MIGRATED', 'CATCH_UP') ORDER BY id DESC LIMIT 1""";

    /** The target snapshot of the user's last migration or catch-up, and what triggered it; empty if none. */
    public Future<Optional<MigratedSnapshot>> lastMigrated(SqlConnection modern, String userKey) {
        return modern.preparedQuery(LAST_MIGRATED).execute(Tuple.of(userKey)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            Object target = row.getValue("target_snapshot");
            return Optional.of(new MigratedSnapshot(Trigger.valueOf(row.getString("trigger").toUpperCase(Locale.ROOT)),
                    target instanceof JsonObject json ? json : new JsonObject()));
        });
    }

    /** A migration's target snapshot and its trigger. */
    public record MigratedSnapshot(Trigger trigger, JsonObject target) {
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
