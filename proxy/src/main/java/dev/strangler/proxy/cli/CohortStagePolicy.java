package dev.strangler.proxy.cli;

import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.CohortStages.StageRecord;
import dev.strangler.rules.Cohort;
import java.util.List;
import java.util.Map;

/**
 * Each user's cohort stage for one command run (issue 17), read once: the backfill migrates only users whose cohort
 * stage migrates ({@code migrating}, {@code coexisting}), and a rollback refuses users of a {@code complete} cohort.
 * A user no cohort selects without a request has the default stage.
 */
final class CohortStagePolicy {

    private final List<Cohort> cohorts;
    private final Map<String, StageRecord> stages;

    private CohortStagePolicy(List<Cohort> cohorts, Map<String, StageRecord> stages) {
        this.cohorts = List.copyOf(cohorts);
        this.stages = Map.copyOf(stages);
    }

    static CohortStagePolicy of(Session session) {
        return new CohortStagePolicy(session.config().routingTable().cohorts(),
                Session.await(session.migrator().coexistence().stages().all()));
    }

    /** The stage of the user's cohort. */
    CohortStage stageOf(String userKey) {
        String cohort = CohortMembers.cohortOf(cohorts, userKey);
        StageRecord record = cohort == null ? null : stages.get(cohort);
        return record == null ? CohortStage.DEFAULT : record.stage();
    }

    /** The user's cohort name, or {@code (none)}. */
    String cohortOf(String userKey) {
        String cohort = CohortMembers.cohortOf(cohorts, userKey);
        return cohort == null ? "(none)" : cohort;
    }
}
