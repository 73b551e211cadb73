package dev.strangler.proxy.admin;

import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.CohortStages.StageRecord;
import dev.strangler.proxy.metrics.SyncGauges;
import dev.strangler.proxy.routing.StageRouting;
import dev.strangler.rules.Cohort;
import dev.strangler.rules.RequestFacts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Coexistence on the admin API (issue 17): {@code GET /admin/stages}, {@code PUT /admin/stages/{cohort}} with
 * {@code {"stage": "coexisting", "reason": "..."}} (audited; {@code complete} only through
 * {@code strangler retire}, which checks nothing is pending), and {@code GET /admin/sync}, the sync's last figures.
 */
final class StageEndpoints {

    private static final int REASON_LIMIT = 500;

    private final AdminServices services;

    StageEndpoints(AdminServices services) {
        this.services = services;
    }

    void mount(Router router) {
        router.get("/admin/stages").handler(this::show);
        router.put("/admin/stages/:cohort").handler(this::change);
        router.get("/admin/sync").handler(this::sync);
    }

    /**
     * The {@code coexistence} section of {@code GET /admin/status}: each cohort's stage as stored, the stage this
     * instance routes by ({@code routedHere}, the same once the change's notification arrived) and how it routes,
     * and the sync's figures.
     */
    static Future<JsonObject> status(AdminServices services) {
        Future<JsonArray> stages = stages(services);
        Future<Object> sync = services.migrator().coexistence().lastStatus(SyncGauges.SYNC_NAME)
                .map(found -> found.<Object>map(status -> status.toJson()).orElse(null));
        return Future.all(stages, sync).map(both -> new JsonObject().put("stages", stages.result())
                .put("sync", sync.result()));
    }

    /**
     * The stage of the user's cohort (the first cohort that selects the user without a request, as the command
     * line's {@code --cohort} does); the default stage when none does.
     */
    static Future<CohortStage> stageOfUser(AdminServices services, String userKey) {
        RequestFacts bare = RequestFacts.of("GET", "/");
        return services.control().rollout().configuredTable().cohorts().stream()
                .filter(cohort -> cohort.selects(userKey, bare)).findFirst()
                .map(cohort -> services.migrator().coexistence().stages().stageOf(cohort.name()))
                .orElse(Future.succeededFuture(CohortStage.DEFAULT));
    }

    private static Future<JsonArray> stages(AdminServices services) {
        List<Cohort> cohorts = services.control().rollout().configuredTable().cohorts();
        return services.migrator().coexistence().stages().all().map(set -> {
            JsonArray list = new JsonArray();
            for (Cohort cohort : cohorts) {
                StageRecord record = set.get(cohort.name());
                CohortStage routed = services.resolver().stages().stageOf(cohort.name());
                list.add((record != null ? record.toJson()
                        : new JsonObject().put("cohort", cohort.name()).put("stage", CohortStage.DEFAULT.id()))
                        .put("routedHere", routed.id()).put("routing", StageRouting.describe(routed)));
            }
            return list;
        });
    }

    private void show(RoutingContext context) {
        stages(services).onSuccess(list -> AdminApi.send(context, 200, new JsonObject().put("stages", list)))
                .onFailure(context::fail);
    }

    private void change(RoutingContext context) {
        String name = context.pathParam("cohort");
        if (services.control().rollout().configuredTable().cohorts().stream().noneMatch(c -> c.name().equals(name))) {
            throw AdminError.notFound("no cohort named " + name + " in the configuration");
        }
        JsonObject body = AdminApi.body(context);
        if (!(body.getValue("stage") instanceof String text)) {
            throw AdminError.badRequest("stage: expected one of legacy, migrating, coexisting");
        }
        CohortStage stage;
        try {
            stage = CohortStage.parse(text);
        } catch (IllegalArgumentException e) {
            throw AdminError.badRequest(e.getMessage());
        }
        if (stage == CohortStage.COMPLETE) {
            throw AdminError.conflict("a cohort becomes complete through `strangler retire --cohort " + name
                    + "`, which checks that nothing is pending");
        }
        Object reasonValue = body.getValue("reason");
        if (reasonValue != null
                && !(reasonValue instanceof String && ((String) reasonValue).length() <= REASON_LIMIT)) {
            throw AdminError.badRequest("reason: expected a string of at most " + REASON_LIMIT + " characters");
        }
        String reason = (String) reasonValue;
        String actor = AdminApi.actor(context);
        services.migrator().coexistence().stages().set(name, stage, actor, reason)
                .recover(error -> Future.failedFuture(error instanceof IllegalArgumentException
                        ? AdminError.conflict(error.getMessage()) : error))
                .onSuccess(saved -> {
                    services.log().write("admin_change", new JsonObject().put("action", "stage").put("cohort", name)
                            .put("stage", stage.id()).put("actor", actor).put("reason", reason));
                    AdminApi.send(context, 200, saved.toJson());
                })
                .onFailure(context::fail);
    }

    private void sync(RoutingContext context) {
        services.migrator().coexistence().lastStatus(SyncGauges.SYNC_NAME)
                .onSuccess(found -> AdminApi.send(context, 200, found.map(status -> status.toJson())
                        .orElse(new JsonObject().put("holder", (String) null).put("detail", "never ran"))))
                .onFailure(context::fail);
    }
}
