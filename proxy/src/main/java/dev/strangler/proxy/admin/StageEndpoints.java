package dev.strangler.proxy.admin;

import dev.strangler.migrator.Coexistence;
import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.proxy.control.RuntimeRollout;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.metrics.SyncGauges;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Coexistence on the admin API (issue 17): {@code GET /admin/stages}, {@code PUT /admin/stages/{cohort}} with
 * {@code {"stage": "coexisting", "reason": "..."}} (audited; {@code complete} only through
 * {@code strangler retire}, which checks nothing is pending), and {@code GET /admin/sync}, the sync's last figures.
 */
public final class StageEndpoints implements Endpoints {

    private static final int REASON_LIMIT = 500;

    private final StageStatus stages;
    private final Coexistence coexistence;
    private final RuntimeRollout rollout;
    private final EventLog log;

    public StageEndpoints(StageStatus stages, Coexistence coexistence, RuntimeRollout rollout, EventLog log) {
        this.stages = stages;
        this.coexistence = coexistence;
        this.rollout = rollout;
        this.log = log;
    }

    @Override
    public void mount(Router router) {
        router.get("/admin/stages").handler(this::show);
        router.put("/admin/stages/:cohort").handler(this::change);
        router.get("/admin/sync").handler(this::sync);
    }

    private void show(RoutingContext context) {
        stages.stages().onSuccess(list -> AdminApi.send(context, 200, new JsonObject().put("stages", list)))
                .onFailure(context::fail);
    }

    private void change(RoutingContext context) {
        String name = context.pathParam("cohort");
        if (rollout.configuredTable().cohorts().stream().noneMatch(c -> c.name().equals(name))) {
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
        coexistence.stages().set(name, stage, actor, reason)
                .recover(error -> Future.failedFuture(error instanceof IllegalArgumentException
                        ? AdminError.conflict(error.getMessage()) : error))
                .onSuccess(saved -> {
                    log.write("admin_change", new JsonObject().put("action", "stage").put("cohort", name)
                            .put("stage", stage.id()).put("actor", actor).put("reason", reason));
                    AdminApi.send(context, 200, saved.toJson());
                })
                .onFailure(context::fail);
    }

    private void sync(RoutingContext context) {
        coexistence.lastStatus(SyncGauges.SYNC_NAME)
                .onSuccess(found -> AdminApi.send(context, 200, found.map(status -> status.toJson())
                        .orElse(new JsonObject().put("holder", (String) null).put("detail", "never ran"))))
                .onFailure(context::fail);
    }
}
