package dev.strangler.proxy.admin;

import dev.strangler.proxy.control.ControlPlane;
import dev.strangler.proxy.control.ReloadResult;
import dev.strangler.proxy.metrics.EventLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The instance as a whole: {@code GET /admin/status} ({@link FleetStatus}, with the {@code coexistence} section)
 * and {@code POST /admin/config/reload}.
 */
public final class StatusEndpoints implements Endpoints {

    private final FleetStatus status;
    private final ControlPlane control;
    private final EventLog log;

    public StatusEndpoints(FleetStatus status, ControlPlane control, EventLog log) {
        this.status = status;
        this.control = control;
        this.log = log;
    }

    @Override
    public void mount(Router router) {
        router.get("/admin/status").handler(this::status);
        router.post("/admin/config/reload").handler(this::reload);
    }

    private void status(RoutingContext context) {
        Future<JsonObject> coexistence = status.coexistence().otherwise(error -> new JsonObject()
                .put("error", String.valueOf(error.getMessage())));
        status.read().compose(coexistence::map)
                .onSuccess(report -> AdminApi.send(context, 200, report.put("coexistence", coexistence.result())))
                .onFailure(context::fail);
    }

    private void reload(RoutingContext context) {
        String actor = AdminApi.actor(context);
        control.reloader().reload().onSuccess(result -> {
            control.gauges().refreshRollout();
            log.write("admin_change", new JsonObject().put("action", "config_reload")
                    .put("actor", actor).mergeIn(result.toJson()));
            if (result instanceof ReloadResult.Rejected) {
                AdminApi.send(context, 422, new JsonObject().put("error", "invalid_configuration")
                        .put("detail", "the file was not applied; the last good configuration keeps serving")
                        .mergeIn(result.toJson()));
            } else {
                AdminApi.send(context, 200, result.toJson());
            }
        }).onFailure(context::fail);
    }
}
