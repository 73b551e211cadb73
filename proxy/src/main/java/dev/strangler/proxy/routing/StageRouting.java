package dev.strangler.proxy.routing;

import dev.strangler.config.Percent;
import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.CohortStages.StageRecord;
import dev.strangler.rules.Cohort;
import dev.strangler.rules.Decision;
import dev.strangler.rules.RequestFacts;
import dev.strangler.rules.RouteMatch;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserStatus;
import java.util.HashMap;
import java.util.Map;

/**
 * How cohort stages (issue 17) bend routing, as this instance last read them from the state database:
 * <ul>
 *   <li>{@code legacy}: no user who is not migrated goes to modern and no request migrates anyone, whatever the
 *   cohort's percentage or a user's pin; migrated users still go to modern, where their data is;</li>
 *   <li>{@code migrating} and {@code coexisting}: by percentage, as without stages;</li>
 *   <li>{@code complete}: every user of the cohort goes to modern, those not migrated yet migrating first.</li>
 * </ul>
 * Two places apply it: the percentages ({@link #percentages}: a {@code legacy} cohort routes at 0 %, a
 * {@code complete} one at 100 %, over the file's and the runtime value), and the decision ({@link #decide}): a
 * migration that a user's pin asks for is refused while their cohort is in stage {@code legacy}. Stage rows are never
 * deleted, and a read is merged row by row by {@code changedAt}, so a read that completes after a newer one never
 * undoes it.
 */
public final class StageRouting {

    private volatile Map<String, StageRecord> stages = Map.of();

    /** The stages as just read from the state database. */
    public synchronized void use(Map<String, StageRecord> read) {
        Map<String, StageRecord> merged = new HashMap<>(stages);
        read.forEach((cohort, record) -> merged.merge(cohort, record,
                (known, fresh) -> fresh.changedAt().isBefore(known.changedAt()) ? known : fresh));
        stages = Map.copyOf(merged);
    }

    /** The cohort's stage as this instance routes by it; {@link CohortStage#DEFAULT} when none was set. */
    public CohortStage stageOf(String cohort) {
        StageRecord record = cohort == null ? null : stages.get(cohort);
        return record == null ? CohortStage.DEFAULT : record.stage();
    }

    /** {@code overrides} (cohort to percentage) with each staged cohort's fixed percentage put over it. */
    public Map<String, Percent> percentages(Map<String, Percent> overrides) {
        Map<String, Percent> result = new HashMap<>(overrides);
        stages.forEach((cohort, record) -> {
            if (record.stage() == CohortStage.LEGACY) {
                result.put(cohort, Percent.ZERO);
            } else if (record.stage() == CohortStage.COMPLETE) {
                result.put(cohort, Percent.ALL);
            }
        });
        return result;
    }

    /** The routing table's decision for a matched request, with the stage's refusal to migrate applied. */
    public Decision decide(RoutingTable routing, RouteMatch match, UserStatus status) {
        return staged(routing, routing.decide(match, status), match.request());
    }

    /** As {@link RoutingTable#decideRollout}, with the stage's refusal to migrate applied. */
    public Decision decideRollout(RoutingTable routing, String userKey, RequestFacts request, UserStatus status) {
        return staged(routing, routing.decideRollout(userKey, request, status), request);
    }

    /**
     * The stage of the cohort a decision is about: its own cohort, or, for a decision made without one (a pinned
     * user), the first cohort that selects the user for this request.
     */
    public CohortStage stageOf(RoutingTable routing, Decision decision, RequestFacts request) {
        return stageOf(cohortOf(routing, decision, request));
    }

    /** How a stage routes, in words, for the admin API and the console. */
    public static String describe(CohortStage stage) {
        return switch (stage) {
            case LEGACY -> "no user who is not migrated goes to modern; no migration";
            case MIGRATING, COEXISTING -> "by percentage";
            case COMPLETE -> "every user goes to modern, migrating first";
        };
    }

    private Decision staged(RoutingTable routing, Decision decision, RequestFacts request) {
        if (!decision.migrateFirst() || decision.userKey() == null
                || stageOf(routing, decision, request) != CohortStage.LEGACY) {
            return decision;
        }
        return new Decision(Upstream.LEGACY, false, decision.rule(), decision.cohort(), decision.bucket(),
                decision.reason(), decision.userKey());
    }

    private static String cohortOf(RoutingTable routing, Decision decision, RequestFacts request) {
        if (decision.cohort() != null || decision.userKey() == null) {
            return decision.cohort();
        }
        for (Cohort cohort : routing.cohorts()) {
            if (cohort.selects(decision.userKey(), request)) {
                return cohort.name();
            }
        }
        return null;
    }
}
