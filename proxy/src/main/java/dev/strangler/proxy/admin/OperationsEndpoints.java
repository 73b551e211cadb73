package dev.strangler.proxy.admin;

import dev.strangler.migrator.ChangeAudit;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.proxy.control.ReloadResult;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fleet-wide views and operations: {@code GET /admin/migrations}, {@code POST /admin/migrations/retry} (the
 * differential migration of every failed and invalid user, {@value #RETRY_PARALLELISM} at a time),
 * {@code GET /admin/status} ({@link FleetStatus}) and {@code POST /admin/config/reload}.
 */
final class OperationsEndpoints {

    private static final Set<String> OUTCOMES = Set.of("MIGRATED", "INVALID", "FAILED", "TIMEOUT", "ROLLED_BACK",
            "SKIPPED", "CATCH_UP", "SYNC_BACK");
    private static final int MAX_LIMIT = 1000;
    private static final int RETRY_PARALLELISM = 4;

    private final AdminServices services;

    OperationsEndpoints(AdminServices services) {
        this.services = services;
    }

    void mount(Router router) {
        router.get("/admin/migrations").handler(this::migrations);
        router.post("/admin/migrations/retry").handler(this::retry);
        router.get("/admin/status").handler(this::status);
        router.post("/admin/config/reload").handler(this::reload);
    }

    private void migrations(RoutingContext context) {
        int limit = limit(context.request().getParam("limit", "50"));
        String outcome = context.request().getParam("outcome");
        String user = context.request().getParam("user");
        String rule = context.request().getParam("rule");
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw AdminError.badRequest("outcome: " + outcome + " (expected one of " + new TreeSet<>(OUTCOMES) + ")");
        }
        Future<List<JsonObject>> entries = user != null ? services.migrator().history().ofUser(user, limit)
                : rule != null ? services.migrator().history().brokeRule(rule, limit)
                : services.migrator().history().recent(outcome, limit);
        entries.onSuccess(records -> {
            JsonArray list = new JsonArray();
            records.stream().filter(r -> outcome == null || outcome.equals(r.getString("outcome")))
                    .forEach(list::add);
            AdminApi.send(context, 200, new JsonObject().put("entries", list));
        }).onFailure(context::fail);
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below, with what was expected
        }
        throw AdminError.badRequest("limit: " + text + " (expected: 1.." + MAX_LIMIT + ")");
    }

    private void retry(RoutingContext context) {
        String actor = AdminApi.actor(context);
        services.migrator().states().keysIn(Set.of(UserState.INVALID, UserState.FAILED)).compose(keys -> {
            Queue<String> work = new ArrayDeque<>(keys);
            Map<String, Integer> counts = new TreeMap<>();
            Promise<Void> done = Promise.promise();
            int[] running = {Math.min(RETRY_PARALLELISM, keys.size())};
            if (running[0] == 0) {
                done.complete();
            }
            for (int i = 0; i < Math.min(RETRY_PARALLELISM, keys.size()); i++) {
                next(work, counts, running, done);
            }
            return done.future().map(finished -> {
                JsonObject outcomes = new JsonObject();
                counts.forEach(outcomes::put);
                return new JsonObject().put("retried", keys.size()).put("outcomes", outcomes);
            });
        }).compose(result -> {
            services.log().write("admin_change", new JsonObject().put("action", "retry").put("actor", actor)
                    .mergeIn(result));
            return services.migrator().audit().record(new ChangeAudit.Entry("retry", "failed and invalid users",
                    actor, services.clock().instant(), UserEndpoints.reason(AdminApi.body(context)), result))
                    .map(result);
        }).onSuccess(result -> AdminApi.send(context, 200, result)).onFailure(context::fail);
    }

    private void next(Queue<String> work, Map<String, Integer> counts, int[] running, Promise<Void> done) {
        String key;
        synchronized (work) {
            key = work.poll();
            if (key == null) {
                if (--running[0] == 0) {
                    done.complete();
                }
                return;
            }
        }
        services.migrations().migrate(key, Trigger.ADMIN, false).onComplete(attempt -> {
            String outcome = attempt.succeeded() ? attempt.result().ledgerOutcome() : "FAILED";
            synchronized (work) {
                counts.merge(outcome, 1, Integer::sum);
            }
            services.facts().invalidate(key);
            next(work, counts, running, done);
        });
    }

    private void status(RoutingContext context) {
        Future<JsonObject> coexistence = services.fleetStatus().coexistence().otherwise(error -> new JsonObject()
                .put("error", String.valueOf(error.getMessage())));
        services.fleetStatus().read().compose(coexistence::map)
                .onSuccess(status -> AdminApi.send(context, 200, status.put("coexistence", coexistence.result())))
                .onFailure(context::fail);
    }

    private void reload(RoutingContext context) {
        String actor = AdminApi.actor(context);
        services.control().reloader().reload().onSuccess(result -> {
            services.control().gauges().refreshRollout();
            services.log().write("admin_change", new JsonObject().put("action", "config_reload")
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
