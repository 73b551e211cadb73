package dev.strangler.migrator.state;

import dev.strangler.migrator.Trigger;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * The questions operators ask the ledger, newest entries first: a user's last attempts
 * ({@code GET /admin/users/{key}}), the last entries with an outcome ({@code GET /admin/migrations?outcome=INVALID}),
 * and the users who broke a rule. Each is served by one of the ledger's indexes.
 */
public final class LedgerReader {

    private static final String COLUMNS = """
            SELECT l.id, l.user_key, l.attempt, l.trigger, l.started_at, l.finished_at, l.plan_version,
                   l.source_snapshot, l.target_snapshot, l.errors, l.instance_id, l.outcome, c.cleaned_at
            FROM strangler.ledger l LEFT JOIN strangler.ledger_cleaned c ON c.ledger_id = l.id""";

    private final Pool modern;

    public LedgerReader(Pool modern) {
        this.modern = modern;
    }

    /** The user's last {@code limit} entries. */
    public Future<List<LedgerRecord>> ofUser(String userKey, int limit) {
        return query(COLUMNS + " WHERE l.user_key = $1 ORDER BY l.id DESC LIMIT $2", Tuple.of(userKey, limit));
    }

    /** The last {@code limit} entries, of one outcome ({@code INVALID}, ...) or of any when null. */
    public Future<List<LedgerRecord>> recent(String outcome, int limit) {
        return outcome == null
                ? query(COLUMNS + " ORDER BY l.id DESC LIMIT $1", Tuple.of(limit))
                : query(COLUMNS + " WHERE l.outcome = $1 ORDER BY l.finished_at DESC LIMIT $2",
                        Tuple.of(outcome.toUpperCase(Locale.ROOT), limit));
    }

    /** The last {@code limit} entries in which a row broke the rule (as written in the plan). */
    public Future<List<LedgerRecord>> brokeRule(String rule, int limit) {
        JsonArray containing = new JsonArray().add(new JsonObject().put("rule", rule));
        return query(COLUMNS + " WHERE l.errors @> $1 ORDER BY l.id DESC LIMIT $2", Tuple.of(containing, limit));
    }

    private Future<List<LedgerRecord>> query(String sql, Tuple values) {
        return modern.preparedQuery(sql).execute(values)
                .map(rows -> rows.stream().map(LedgerReader::record).toList());
    }

    private static LedgerRecord record(Row row) {
        OffsetDateTime cleaned = row.getOffsetDateTime("cleaned_at");
        LedgerEntry entry = new LedgerEntry(row.getString("user_key"), row.getInteger("attempt"),
                Trigger.valueOf(row.getString("trigger").toUpperCase(Locale.ROOT)),
                row.getOffsetDateTime("started_at").toInstant(), row.getOffsetDateTime("finished_at").toInstant(),
                row.getString("plan_version"), (JsonObject) row.getJson("source_snapshot"),
                (JsonObject) row.getJson("target_snapshot"), Snapshots.violations((JsonArray) row.getJson("errors")),
                row.getString("instance_id"), row.getString("outcome"));
        return new LedgerRecord(row.getLong("id"), entry, cleaned == null ? null : cleaned.toInstant());
    }
}
