package dev.strangler.migrator.batch;

import dev.strangler.migrator.engine.Migrator;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code strangler status}: users by state, the share migrated, migrations in the last hour, and the rules the
 * users now failing broke, from the state database (and the legacy user count when legacy answers).
 *
 * @param byState          users by state; {@code PENDING} counts legacy users never attempted when known
 * @param legacyUsers      users listed by the plan's {@code users} query, or -1 when legacy did not answer
 * @param migratedLastHour {@code MIGRATED} ledger entries in the last hour
 * @param failingRules     what the users now {@code INVALID} or {@code FAILED} broke, most users first
 */
public record StatusReport(Map<UserState, Long> byState, long legacyUsers, long migratedLastHour,
                           List<RuleCount> failingRules) {

    private static final String BY_STATE = "SELECT state, count(*) AS users FROM strangler.user_state GROUP BY state";

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

    public StatusReport {
        byState = Collections.unmodifiableMap(new EnumMap<>(byState));
        failingRules = List.copyOf(failingRules);
    }

    public static Future<StatusReport> load(Migrator migrator, Clock clock) {
        var modern = migrator.modernPool();
        Future<Map<UserState, Long>> states = modern.query(BY_STATE).execute().map(rows -> {
            Map<UserState, Long> counts = new EnumMap<>(UserState.class);
            for (UserState state : UserState.values()) {
                counts.put(state, 0L);
            }
            rows.forEach(row -> counts.put(UserState.valueOf(row.getString("state")), row.getLong("users")));
            return counts;
        });
        Future<Long> recent = modern.preparedQuery(MIGRATED_SINCE)
                .execute(Tuple.of(clock.instant().minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong("migrated"));
        Future<List<RuleCount>> rules = modern.query(FAILING_RULES).execute().map(rows -> {
            List<RuleCount> failing = new ArrayList<>();
            for (Row row : rows) {
                failing.add(new RuleCount(row.getString("entity"), row.getString("rule"), row.getString("message"),
                        row.getLong("users"), row.getLong("rows"), Arrays.asList(row.getArrayOfStrings("examples"))));
            }
            return failing;
        });
        Future<Long> legacyUsers = migrator.legacyUserCount().otherwise(-1L);
        return Future.all(states, recent, rules, legacyUsers).map(all -> {
            Map<UserState, Long> counts = new EnumMap<>(states.result());
            long known = counts.values().stream().mapToLong(Long::longValue).sum() - counts.get(UserState.PENDING);
            if (legacyUsers.result() >= 0) {
                counts.put(UserState.PENDING, Math.max(0, legacyUsers.result() - known));
            }
            return new StatusReport(counts, legacyUsers.result(), recent.result(), rules.result());
        });
    }

    /** Migrated users as a percentage of legacy users (of users known to the state database if legacy is down). */
    public double percentMigrated() {
        long total = legacyUsers >= 0 ? legacyUsers : byState.values().stream().mapToLong(Long::longValue).sum();
        return total == 0 ? 0 : 100.0 * byState.getOrDefault(UserState.MIGRATED, 0L) / total;
    }

    public JsonObject toJson() {
        JsonObject states = new JsonObject();
        byState.forEach((state, count) -> states.put(state.name(), count));
        JsonArray rules = new JsonArray();
        failingRules.forEach(rule -> rules.add(new JsonObject().put("entity", rule.entity()).put("rule", rule.rule())
                .put("message", rule.message()).put("users", rule.users()).put("examples",
                        new JsonArray(rule.examples()))));
        return new JsonObject().put("users", states).put("legacyUsers", legacyUsers)
                .put("percentMigrated", percentMigrated()).put("migratedLastHour", migratedLastHour)
                .put("failingRules", rules);
    }
}
