package dev.strangler.migrator.state;

import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Reports.RuleCount;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
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

    private static final String MIGRATED_SINCE = """
            SELECT count(*) AS migrated FROM strangler.ledger WHERE outcome = 'MIGRATED' AND finished_at > $1""";

    private static final String FAILING_RULES = """
            SELECT coalesce(e->>'entity', '') AS entity, coalesce(e->>'rule', e->>'message') AS rule,
                   min(e->>'message') AS message, count(DISTINCT s.user_key) AS users, count(*) AS rows,
                   (array_agg(DISTINCT s.user_key))[1:5] AS examples
            FROM strangler.user_state s
            JOIN strangler.ledger l ON l.id = s.last_ledger_id
            CROSS JOIN LATERAL jsonb_array_elements(l.errors) AS e
            WHERE s.state IN ('INVALID', 'FAILED')
            GROUP BY 1, 2 ORDER BY users DESC, rule LIMIT 20""";

    private final Pool modern;
    /** The status report's aggregations: not bound by {@code migration.timeout}. */
    private final OperationalQueries operational;

    public LedgerReader(Pool modern) {
        this.modern = modern;
        this.operational = new OperationalQueries(modern, OperationalQueries.DEFAULT_TIMEOUT);
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

    /** How many {@code MIGRATED} entries finished after {@code since}. */
    public Future<Long> migratedSince(Instant since) {
        return operational.query(MIGRATED_SINCE, Tuple.of(since.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong("migrated"));
    }

    /**
     * What the users now {@code INVALID} or {@code FAILED} broke, by entity and rule, most users first (20 at most).
     */
    public Future<List<RuleCount>> failingRules() {
        return operational.query(FAILING_RULES, Tuple.tuple()).map(rows -> {
            List<RuleCount> failing = new ArrayList<>();
            for (Row row : rows) {
                failing.add(new RuleCount(row.getString("entity"), row.getString("rule"), row.getString("message"),
                        row.getLong("users"), row.getLong("rows"), Arrays.asList(row.getArrayOfStrings("examples"))));
            }
            return failing;
        });
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
