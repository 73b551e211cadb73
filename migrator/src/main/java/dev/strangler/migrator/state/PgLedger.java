package dev.strangler.migrator.state;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;

/** The ledger in {@code strangler.ledger}, whose trigger refuses every update and delete. */
public final class PgLedger implements Ledger {

    private static final String APPEND = """
            INSERT INTO strangler.ledger (user_key, attempt, trigger, started_at, finished_at, duration_ms,
                plan_version, source_snapshot, target_snapshot, errors, instance_id, outcome)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            RETURNING id""";

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
