package dev.strangler.migrator.stage;

import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.CohortStages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cohort stages in {@code strangler.cohort_stage}, each change one transaction that locks the cohort's row, checks
 * the move ({@link CohortStage#canMoveTo}), writes it and appends the audit entries: the stage's own
 * ({@code strangler.cohort_stage_audit}) and {@code strangler.change_audit}'s (kind {@code stage}, details
 * {@code {"from": ..., "to": ...}}), which {@code strangler audit} and the console's audit list.
 */
public final class StageRows implements CohortStages {

    private static final String ALL = "SELECT cohort, stage, changed_by, changed_at, reason FROM strangler.cohort_stage"
            + " ORDER BY cohort";
    private static final String ONE = "SELECT stage FROM strangler.cohort_stage WHERE cohort = $1";
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('strangler.cohort_stage:' || $1))";
    private static final String SET = """
            INSERT INTO strangler.cohort_stage (cohort, stage, changed_by, changed_at, reason)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (cohort) DO UPDATE SET stage = EXCLUDED.stage, changed_by = EXCLUDED.changed_by,
                changed_at = EXCLUDED.changed_at, reason = EXCLUDED.reason""";
    private static final String AUDIT = """
            INSERT INTO strangler.cohort_stage_audit (cohort, old_stage, new_stage, changed_by, changed_at, reason)
            VALUES ($1, $2, $3, $4, $5, $6)""";
    /** The same change in the one audit table the console and {@code strangler audit} read (kind {@code stage}). */
    private static final String CHANGE_AUDIT = """
            INSERT INTO strangler.change_audit (kind, subject, actor, changed_at, reason, details)
            VALUES ('stage', $1, $2, $3, $4, $5)""";

    private final Pool state;
    private final Clock clock;

    public StageRows(Pool state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    @Override
    public Future<Map<String, StageRecord>> all() {
        return state.query(ALL).execute().map(rows -> {
            Map<String, StageRecord> stages = new LinkedHashMap<>();
            rows.forEach(row -> stages.put(row.getString("cohort"), record(row)));
            return stages;
        });
    }

    @Override
    public Future<CohortStage> stageOf(String cohort) {
        return state.preparedQuery(ONE).execute(Tuple.of(cohort)).map(rows -> rows.size() == 0
                ? CohortStage.DEFAULT : CohortStage.parse(rows.iterator().next().getString("stage")));
    }

    @Override
    public Future<StageRecord> set(String cohort, CohortStage stage, String actor, String reason) {
        return state.withTransaction(connection -> connection.preparedQuery(LOCK).execute(Tuple.of(cohort))
                .compose(locked -> connection.preparedQuery(ONE).execute(Tuple.of(cohort)))
                .compose(rows -> {
                    CohortStage from = rows.size() == 0 ? CohortStage.DEFAULT
                            : CohortStage.parse(rows.iterator().next().getString("stage"));
                    if (!from.canMoveTo(stage)) {
                        return Future.failedFuture(new IllegalArgumentException("cohort " + cohort + ": "
                                + from.id() + " -> " + stage.id() + " skips a stage (expected: one step, "
                                + "legacy -> migrating -> coexisting -> complete)"));
                    }
                    StageRecord record = new StageRecord(cohort, stage, actor, clock.instant(), reason);
                    return connection.preparedQuery(SET).execute(Tuple.of(cohort, stage.id(), actor,
                                    record.changedAt().atOffset(ZoneOffset.UTC), reason))
                            .compose(set -> connection.preparedQuery(AUDIT).execute(Tuple.of(cohort,
                                    rows.size() == 0 ? null : from.id(), stage.id(), actor,
                                    record.changedAt().atOffset(ZoneOffset.UTC), reason)))
                            .compose(audited -> connection.preparedQuery(CHANGE_AUDIT).execute(Tuple.of(cohort,
                                    actor, record.changedAt().atOffset(ZoneOffset.UTC), reason,
                                    new JsonObject().put("from", rows.size() == 0 ? null : from.id())
                                            .put("to", stage.id()))))
                            .map(audited -> record);
                }));
    }

    private static StageRecord record(Row row) {
        return new StageRecord(row.getString("cohort"), CohortStage.parse(row.getString("stage")),
                row.getString("changed_by"), row.getOffsetDateTime("changed_at").toInstant(),
                row.getString("reason"));
    }
}
