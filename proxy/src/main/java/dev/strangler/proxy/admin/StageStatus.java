package dev.strangler.proxy.admin;

import dev.strangler.migrator.Coexistence;
import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.CohortStages.StageRecord;
import dev.strangler.proxy.control.RuntimeRollout;
import dev.strangler.proxy.metrics.SyncGauges;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.proxy.routing.StageRouting;
import dev.strangler.rules.Cohort;
import dev.strangler.rules.RequestFacts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Each configured cohort's coexistence stage, as stored and as this instance routes by it, and the sync's last
 * figures: what {@code GET /admin/stages}, the {@code coexistence} section of {@code GET /admin/status} and a
 * user's rollback check read.
 */
public final class StageStatus {

    private final Coexistence coexistence;
    private final RuntimeRollout rollout;
    private final DecidingResolver resolver;

    public StageStatus(Coexistence coexistence, RuntimeRollout rollout, DecidingResolver resolver) {
        this.coexistence = coexistence;
        this.rollout = rollout;
        this.resolver = resolver;
    }

    /**
     * The {@code coexistence} section of {@code GET /admin/status}: each cohort's stage as stored, the stage this
     * instance routes by ({@code routedHere}, the same once the change's notification arrived) and how it routes,
     * and the sync's figures.
     */
    Future<JsonObject> status() {
        Future<JsonArray> stages = stages();
        Future<Object> sync = coexistence.lastStatus(SyncGauges.SYNC_NAME)
                .map(found -> found.<Object>map(status -> status.toJson()).orElse(null));
        return Future.all(stages, sync).map(both -> new JsonObject().put("stages", stages.result())
                .put("sync", sync.result()));
    }

    /**
     * The stage of the user's cohort (the first cohort that selects the user without a request, as the command
     * line's {@code --cohort} does); the default stage when none does.
     */
    Future<CohortStage> stageOfUser(String userKey) {
        RequestFacts bare = RequestFacts.of("GET", "/");
        return rollout.configuredTable().cohorts().stream()
                .filter(cohort -> cohort.selects(userKey, bare)).findFirst()
                .map(cohort -> coexistence.stages().stageOf(cohort.name()))
                .orElse(Future.succeededFuture(CohortStage.DEFAULT));
    }

    /** Each configured cohort's stage, as stored and as routed here. */
    Future<JsonArray> stages() {
        List<Cohort> cohorts = rollout.configuredTable().cohorts();
        return coexistence.stages().all().map(set -> {
            JsonArray list = new JsonArray();
            for (Cohort cohort : cohorts) {
                StageRecord record = set.get(cohort.name());
                CohortStage routed = resolver.stages().stageOf(cohort.name());
                list.add((record != null ? record.toJson()
                        : new JsonObject().put("cohort", cohort.name()).put("stage", CohortStage.DEFAULT.id()))
                        .put("routedHere", routed.id()).put("routing", StageRouting.describe(routed)));
            }
            return list;
        });
    }
}
