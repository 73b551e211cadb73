package dev.strangler.proxy.admin;

import dev.strangler.migrator.RolloutStore;
import dev.strangler.migrator.RolloutStore.RuntimePercent;
import dev.strangler.rules.Cohort;
import dev.strangler.rules.Percent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.OptionalLong;

/**
 * {@code GET /admin/rollout}, {@code PUT /admin/rollout/{cohort}} and {@code DELETE /admin/rollout/{cohort}} (back
 * to the file's value). A change is stored, audited, applied here at once and by every other instance on the
 * notification; {@code If-Match} carrying the version read makes it safe against a concurrent change (409, after
 * which this instance has read the newer value, so the operator's next read shows it).
 */
final class RolloutEndpoints {

    private static final int REASON_LIMIT = 500;

    private final AdminServices services;

    RolloutEndpoints(AdminServices services) {
        this.services = services;
    }

    void mount(Router router) {
        router.get("/admin/rollout").handler(this::show);
        router.put("/admin/rollout/:cohort").handler(context -> change(context, true));
        router.delete("/admin/rollout/:cohort").handler(context -> change(context, false));
    }

    private void show(RoutingContext context) {
        JsonArray cohorts = new JsonArray();
        for (Cohort cohort : services.control().rollout().configuredTable().cohorts()) {
            cohorts.add(describe(cohort));
        }
        AdminApi.send(context, 200, new JsonObject().put("cohorts", cohorts));
    }

    private JsonObject describe(Cohort cohort) {
        RuntimePercent runtime = services.control().rollout().runtimeValues().get(cohort.name());
        Percent effective = services.resolver().table().percentages().get(cohort.name());
        return new JsonObject().put("cohort", cohort.name()).put("configured", cohort.percent().value())
                .put("runtime", runtime == null || runtime.percent() == null ? null : runtime.percent().value())
                .put("effective", effective == null ? null : effective.value())
                .put("version", runtime == null ? 0 : runtime.version())
                .put("changedBy", runtime == null ? null : runtime.changedBy())
                .put("changedAt", runtime == null ? null : runtime.changedAt().toString())
                .put("reason", runtime == null ? null : runtime.reason());
    }

    private void change(RoutingContext context, boolean set) {
        String name = context.pathParam("cohort");
        Cohort cohort = services.control().rollout().configuredTable().cohorts().stream()
                .filter(candidate -> candidate.name().equals(name)).findFirst()
                .orElseThrow(() -> AdminError.notFound("no cohort named " + name + " in the configuration"));
        JsonObject body = AdminApi.body(context);
        Percent percent = set ? percent(body) : null;
        Object reasonValue = body.getValue("reason");
        if (reasonValue != null && !(reasonValue instanceof String)) {
            throw AdminError.badRequest("reason: expected a string");
        }
        String reason = (String) reasonValue;
        if (reason != null && reason.length() > REASON_LIMIT) {
            throw AdminError.badRequest("reason: " + reason.length() + " characters (expected: at most "
                    + REASON_LIMIT + ")");
        }
        OptionalLong expected = ifMatch(context.request().getHeader("If-Match"));
        String actor = AdminApi.actor(context, services);
        services.migrator().rollout().set(name, percent, expected, actor, reason)
                .recover(error -> error instanceof RolloutStore.StaleVersion
                        ? services.control().channel().resync().transform(read -> Future.failedFuture(error))
                        : Future.failedFuture(error))
                .compose(saved -> services.control().channel().resync().map(saved))
                .onSuccess(saved -> {
                    services.control().gauges().refreshRollout();
                    services.log().write("admin_change", new JsonObject().put("action", "rollout")
                            .put("cohort", name).put("percent", percent == null ? null : percent.value())
                            .put("version", saved.version()).put("actor", actor).put("reason", reason));
                    context.response().putHeader("ETag", "\"" + saved.version() + "\"");
                    AdminApi.send(context, 200, describe(cohort));
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

    private static OptionalLong ifMatch(String header) {
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
