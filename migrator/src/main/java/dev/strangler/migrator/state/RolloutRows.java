package dev.strangler.migrator.state;

import dev.strangler.migrator.RolloutStore;
import dev.strangler.config.Percent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The rollout tables of the state schema ({@code strangler.rollout} and {@code strangler.rollout_audit}, created by
 * {@link StateSchema}) behind {@link RolloutStore}: a change is one transaction under an advisory lock that compares
 * the expected version, writes the row and appends the audit entry.
 */
public final class RolloutRows implements RolloutStore {

    /** Advisory lock key serialising rollout changes ("strro" in ASCII), apart from users' and the schema's. */
    private static final long CHANGE_LOCK = 0x7374_7272_6FL;

    private static final String ALL = """
            SELECT cohort, percent, version, changed_by, changed_at, reason FROM strangler.rollout ORDER BY cohort""";
    private static final String CURRENT = "SELECT percent, version FROM strangler.rollout WHERE cohort = $1";
    private static final String WRITE = """
            INSERT INTO strangler.rollout (cohort, percent, version, changed_by, changed_at, reason)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (cohort) DO UPDATE SET percent = EXCLUDED.percent, version = EXCLUDED.version,
                changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at, reason = EXCLUDED.reason""";
    private static final String AUDIT = """
            INSERT INTO strangler.rollout_audit (cohort, old_percent, new_percent, version, changed_by, changed_at,
                reason) VALUES ($1, $2, $3, $4, $5, $6, $7)""";

    private final Pool modern;
    private final Clock clock;

    public RolloutRows(Pool modern, Clock clock) {
        this.modern = modern;
        this.clock = clock;
    }

    @Override
    public Future<Map<String, RuntimePercent>> all() {
        return modern.query(ALL).execute().map(rows -> {
            Map<String, RuntimePercent> result = new LinkedHashMap<>();
            for (Row row : rows) {
                BigDecimal percent = row.getBigDecimal("percent");
                result.put(row.getString("cohort"), new RuntimePercent(row.getString("cohort"),
                        percent == null ? null : Percent.parse(percent.toPlainString()), row.getLong("version"),
                        row.getString("changed_by"), row.getOffsetDateTime("changed_at").toInstant(),
                        row.getString("reason")));
            }
            return result;
        });
    }

    @Override
    public Future<RuntimePercent> set(String cohort, Percent percent, OptionalLong expectedVersion, String actor,
                                      String reason) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return modern.withTransaction(connection -> change(connection, cohort, percent, expectedVersion, actor,
                reason, now));
    }

    /**
     * The change of {@link #set} inside the caller's transaction, so a ramp's step and its rollout change commit
     * together.
     */
    static Future<RuntimePercent> change(SqlConnection connection, String cohort, Percent percent,
                                         OptionalLong expectedVersion, String actor, String reason,
                                         OffsetDateTime now) {
        BigDecimal value = percent == null ? null : BigDecimal.valueOf(percent.basisPoints(), 2);
        return connection.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(CHANGE_LOCK))
                .compose(locked -> connection.preparedQuery(CURRENT).execute(Tuple.of(cohort)))
                .compose(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    long current = row == null ? 0 : row.getLong("version");
                    if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current) {
                        return Future.failedFuture(new StaleVersion(cohort, expectedVersion.getAsLong(), current));
                    }
                    BigDecimal old = row == null ? null : row.getBigDecimal("percent");
                    long next = current + 1;
                    return connection.preparedQuery(WRITE)
                            .execute(Tuple.tuple().addValue(cohort).addValue(value).addValue(next)
                                    .addValue(actor).addValue(now).addValue(reason))
                            .compose(written -> connection.preparedQuery(AUDIT).execute(Tuple.tuple().addValue(cohort)
                                    .addValue(old).addValue(value).addValue(next).addValue(actor).addValue(now)
                                    .addValue(reason)))
                            .map(audited -> new RuntimePercent(cohort, percent, next, actor, now.toInstant(),
                                    reason));
                });
    }
}
