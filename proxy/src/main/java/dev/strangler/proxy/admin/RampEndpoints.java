package dev.strangler.proxy.admin;

import dev.strangler.config.LoadResult;
import dev.strangler.config.RampPlan;
import dev.strangler.config.file.ConfigLoader;
import dev.strangler.migrator.RampStore;
import dev.strangler.migrator.RampStore.Ramp;
import dev.strangler.migrator.RampStore.RampChange;
import dev.strangler.migrator.RampStore.Status;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.ramp.RampActions;
import dev.strangler.proxy.ramp.RampDriver;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The ramps: {@code GET /admin/ramps}, {@code GET /admin/ramps/{cohort}} (with its audit), and
 * {@code POST /admin/ramps/{cohort}/start|pause|resume|abort} with {@code {"reason": "..."}}; a start may carry its
 * own {@code "plan"} (the keys of {@code routing.cohorts[].ramp}) instead of the configured one. A change the ramp's
 * state refuses is 409; it takes effect on the whole fleet, since the ramp lives in the state database.
 */
public final class RampEndpoints implements Endpoints {

    private static final int REASON_LIMIT = 500;
    private static final int HISTORY = 50;

    private final RampStore rampStore;
    private final RampActions rampActions;
    private final RampDriver driver;
    private final EventLog log;

    public RampEndpoints(RampStore rampStore, RampActions rampActions, RampDriver driver, EventLog log) {
        this.rampStore = rampStore;
        this.rampActions = rampActions;
        this.driver = driver;
        this.log = log;
    }

    @Override
    public void mount(Router router) {
        router.get("/admin/ramps").handler(this::list);
        router.get("/admin/ramps/:cohort").handler(this::show);
        for (String action : new String[] {"start", "pause", "resume", "abort"}) {
            router.post("/admin/ramps/:cohort/" + action).handler(context -> change(context, action));
        }
    }

    private void list(RoutingContext context) {
        rampStore.all().onSuccess(ramps -> {
            JsonArray list = new JsonArray();
            ramps.values().forEach(ramp -> list.add(describe(driver, ramp)));
            AdminApi.send(context, 200, new JsonObject().put("ramps", list));
        }).onFailure(context::fail);
    }

    private void show(RoutingContext context) {
        String cohort = context.pathParam("cohort");
        rampStore.find(cohort).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(AdminError.notFound("cohort " + cohort + " has no ramp"));
            }
            return rampStore.history(cohort, HISTORY).map(history -> {
                JsonArray changes = new JsonArray();
                history.forEach(change -> changes.add(change(change)));
                return describe(driver, found.get()).put("history", changes);
            });
        }).onSuccess(json -> AdminApi.send(context, 200, json)).onFailure(context::fail);
    }

    private void change(RoutingContext context, String action) {
        String cohort = context.pathParam("cohort");
        JsonObject body = AdminApi.body(context);
        String reason = reason(body);
        String actor = AdminApi.actor(context);
        Future<Ramp> changed = switch (action) {
            case "start" -> rampActions.start(cohort, plan(body), actor, reason);
            case "pause" -> rampActions.pause(cohort, actor, reason);
            case "resume" -> rampActions.resume(cohort, actor, reason);
            case "abort" -> rampActions.abort(cohort, actor, reason).map(aborted -> {
                context.put("rolledBack", aborted.rolledBack().size());
                return aborted.ramp();
            });
            default -> throw new IllegalArgumentException("ramp action " + action);
        };
        changed.onSuccess(ramp -> {
            driver.operatorChanged(ramp, action);
            JsonObject json = describe(driver, ramp);
            if (context.get("rolledBack") != null) {
                json.put("rolledBack", (Integer) context.get("rolledBack"));
            }
            log.write("admin_change", new JsonObject().put("action", "ramp_" + action)
                    .put("cohort", cohort).put("actor", actor).put("reason", reason));
            AdminApi.send(context, 200, json);
        }).onFailure(context::fail);
    }

    private static RampPlan plan(JsonObject body) {
        Object value = body.getValue("plan");
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject plan)) {
            throw AdminError.badRequest("plan: expected an object with the keys of routing.cohorts[].ramp");
        }
        LoadResult<RampPlan> parsed = ConfigLoader.parseRampPlan("plan", plan.encode());
        if (parsed instanceof LoadResult.Invalid<RampPlan> invalid) {
            throw AdminError.badRequest(String.join("; ", invalid.errors().stream()
                    .map(error -> error.path() + ": " + error.message()).toList()));
        }
        return ((LoadResult.Valid<RampPlan>) parsed).value();
    }

    private static String reason(JsonObject body) {
        Object value = body.getValue("reason");
        if (value != null && !(value instanceof String)) {
            throw AdminError.badRequest("reason: expected a string");
        }
        String reason = (String) value;
        if (reason != null && reason.length() > REASON_LIMIT) {
            throw AdminError.badRequest("reason: " + reason.length() + " characters (expected: at most "
                    + REASON_LIMIT + ")");
        }
        return reason;
    }

    /** A ramp as the admin API and {@code /admin/status} show it. */
    static JsonObject describe(RampDriver driver, Ramp ramp) {
        JsonArray steps = new JsonArray();
        ramp.plan().steps().forEach(step -> steps.add(step.value()));
        JsonObject json = new JsonObject().put("cohort", ramp.cohort()).put("status", ramp.status().id())
                .put("step", ramp.step() + 1).put("steps", steps)
                .put("percent", ramp.status() == Status.ABORTED ? 0.0 : ramp.percent().value())
                .put("interval", ramp.plan().interval().toString()).put("plan", ramp.plan().toString())
                .put("startedAt", ramp.startedAt().toString()).put("stepStartedAt", ramp.stepStartedAt().toString())
                .put("nextStepAt", ramp.status() == Status.RUNNING
                        ? ramp.stepStartedAt().plus(ramp.plan().interval()).toString() : null)
                .put("changedBy", ramp.changedBy()).put("changedAt", ramp.changedAt().toString())
                .put("reason", ramp.reason()).put("gates", ramp.gates() == null ? null : new JsonObject(ramp.gates()))
                .put("version", ramp.version());
        driver.lastCheck(ramp.cohort()).ifPresent(check -> json.put("drivenHere", true)
                .put("lastCheck", new JsonObject(check.toJson())));
        return json;
    }

    private static JsonObject change(RampChange change) {
        return new JsonObject().put("id", change.id()).put("action", change.action()).put("step", change.step() + 1)
                .put("percent", change.percent().value()).put("changedBy", change.changedBy())
                .put("changedAt", change.changedAt().toString()).put("reason", change.reason())
                .put("gates", change.gates() == null ? null : new JsonObject(change.gates()));
    }
}
