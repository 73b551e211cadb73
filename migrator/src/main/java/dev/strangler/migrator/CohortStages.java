package dev.strangler.migrator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * Cohort stages in the state database ({@code strangler.cohort_stage}, audit in {@code strangler.cohort_stage_audit}),
 * shared by every instance, the sync process and the command line. Kept apart from the rollout percentages.
 */
public interface CohortStages {

    /** Every cohort that has a stage set, by name. */
    Future<Map<String, StageRecord>> all();

    /** The cohort's stage, {@link CohortStage#DEFAULT} when none was set. */
    Future<CohortStage> stageOf(String cohort);

    /**
     * Moves the cohort to a stage, audited; fails with an {@link IllegalArgumentException} when the move skips a
     * stage ({@link CohortStage#canMoveTo}).
     */
    Future<StageRecord> set(String cohort, CohortStage stage, String actor, String reason);

    /**
     * A cohort's stage as stored: who set it, when and why.
     *
     * @param cohort    the cohort
     * @param stage     its stage
     * @param changedBy the actor of the last change
     * @param changedAt when
     * @param reason    the operator's reason, or null
     */
    record StageRecord(String cohort, CohortStage stage, String changedBy, Instant changedAt, String reason) {

        /** What the admin API and {@code strangler stage show} print. */
        public JsonObject toJson() {
            return new JsonObject().put("cohort", cohort).put("stage", stage.id()).put("changedBy", changedBy)
                    .put("changedAt", changedAt.toString()).put("reason", reason);
        }
    }
}
