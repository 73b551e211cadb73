package dev.strangler.proxy.admin;

import dev.strangler.config.Percent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.OptionalLong;

/**
 * {@code GET /admin/rollout}, {@code PUT /admin/rollout/{cohort}} and {@code DELETE /admin/rollout/{cohort}} (back
 * to the file's value), through {@link RolloutChanges}; {@code If-Match} carrying the version read makes a change
 * safe against a concurrent one (409).
 */
public final class RolloutEndpoints implements Endpoints {

    private final RolloutChanges changes;

    public RolloutEndpoints(RolloutChanges changes) {
        this.changes = changes;
    }

    @Override
    public void mount(Router router) {
        router.get("/admin/rollout").handler(this::show);
        router.put("/admin/rollout/:cohort").handler(context -> change(context, true));
        router.delete("/admin/rollout/:cohort").handler(context -> change(context, false));
    }

    private void show(RoutingContext context) {
        JsonArray cohorts = new JsonArray();
        changes.cohorts().forEach(cohort -> cohorts.add(cohort.toJson()));
        AdminApi.send(context, 200, new JsonObject().put("cohorts", cohorts));
    }

    private void change(RoutingContext context, boolean set) {
        String name = context.pathParam("cohort");
        changes.cohort(name);
        JsonObject body = AdminApi.body(context);
        Percent percent = set ? percent(body) : null;
        Object reasonValue = body.getValue("reason");
        if (reasonValue != null && !(reasonValue instanceof String)) {
            throw AdminError.badRequest("reason: expected a string");
        }
        OptionalLong expected = ifMatch(context.request().getHeader("If-Match"));
        changes.change(name, percent, expected, AdminApi.actor(context), (String) reasonValue)
                .onSuccess(changed -> {
                    context.response().putHeader("ETag", "\"" + changed.version() + "\"");
                    AdminApi.send(context, 200, changed.toJson());
                })
                .onFailure(context::fail);
    }

    private static Percent percent(JsonObject body) {
        Object value = body.getValue("percent");
        if (!(value instanceof Number number)) {
            throw AdminError.badRequest("percent: " + (value == null ? "missing" : "\"" + value + "\"")
                    + " (expected: a number from 0 to 100, at most two decimals)");
        }
        try {
            return Percent.parse(number.toString());
        } catch (IllegalArgumentException e) {
            throw AdminError.badRequest("percent: " + e.getMessage());
        }
    }

    static OptionalLong ifMatch(String header) {
        if (header == null) {
            return OptionalLong.empty();
        }
        String version = header.trim();
        if (version.startsWith("W/")) {
            version = version.substring(2);
        }
        version = version.replace("\"", "");
        try {
            return OptionalLong.of(Long.parseLong(version));
        } catch (NumberFormatException e) {
            throw AdminError.badRequest("If-Match: " + header + " (expected: the version read, such as \"3\")");
        }
    }
}
