package dev.strangler.proxy.admin;

import dev.strangler.migrator.MigrationOutcome;
import dev.strangler.migrator.RollbackOutcome;
import dev.strangler.migrator.Trigger;
import dev.strangler.migrator.UserFacts;
import dev.strangler.rules.Decision;
import dev.strangler.rules.RequestFacts;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * One user: {@code GET /admin/users/{key}} (the decision a request on a rollout path would get, and why),
 * {@code POST /admin/users/{key}/migrate}, {@code POST /admin/users/{key}/rollback} and {@code PUT|DELETE /admin/users/{key}/pin}. A change invalidates the
 * user's cached facts here at once and, through the state table's notification, on every other instance.
 */
final class UserEndpoints {

    private static final int KEY_LIMIT = 256;
    private static final int LEDGER_ENTRIES = 5;

    private final AdminServices services;

    UserEndpoints(AdminServices services) {
        this.services = services;
    }

    void mount(Router router) {
        router.get("/admin/users/:key").handler(this::show);
        router.post("/admin/users/:key/migrate").handler(this::migrate);
        router.post("/admin/users/:key/rollback").handler(this::rollback);
        router.put("/admin/users/:key/pin").handler(context -> pin(context, true));
        router.delete("/admin/users/:key/pin").handler(context -> pin(context, false));
    }

    private void show(RoutingContext context) {
        String key = key(context);
        Future<UserFacts> facts = services.migrator().states().find(key);
        Future<List<JsonObject>> ledger = services.migrator().history().ofUser(key, LEDGER_ENTRIES);
        Future.all(facts, ledger).onSuccess(both -> {
            UserFacts user = facts.result();
            UserStatus status = new UserStatus(user.state(), user.pin(),
                    services.migrator().engine().retryDue(user));
            Decision decision = services.resolver().table().decideRollout(key, RequestFacts.of("GET", "/"),
                    status);
            JsonArray entries = new JsonArray();
            ledger.result().forEach(entry -> entries.add(entry));
            AdminApi.send(context, 200, new JsonObject().put("user", key).put("state", user.state().name())
                    .put("pin", user.pin() == null ? null : user.pin().id())
                    .put("lastAttemptAt", user.lastAttemptAt() == null ? null : user.lastAttemptAt().toString())
                    .put("decision", new JsonObject().put("upstream", decision.upstream().id())
                            .put("migrateFirst", decision.migrateFirst()).put("cohort", decision.cohort())
                            .put("bucket", decision.bucket()).put("reason", decision.reason().name())
                            .put("explain", decision.explain()))
                    .put("ledger", entries));
        }).onFailure(context::fail);
    }

    private void migrate(RoutingContext context) {
        String key = key(context);
        String force = context.request().getParam("force", "false");
        if (!force.equals("true") && !force.equals("false")) {
            throw AdminError.badRequest("force: " + force + " (expected: true or false)");
        }
        String actor = AdminApi.actor(context, services);
        services.migrations().migrate(key, Trigger.ADMIN, Boolean.parseBoolean(force)).onSuccess(outcome -> {
            services.facts().invalidate(key);
            change("migrate", key, actor, new JsonObject().put("outcome", outcome.ledgerOutcome()));
            AdminApi.send(context, 200, outcome(outcome));
        }).onFailure(context::fail);
    }

    private void rollback(RoutingContext context) {
        String key = key(context);
        String actor = AdminApi.actor(context, services);
        services.migrator().rollbacks().rollback(key, Trigger.ADMIN).onSuccess(outcome -> {
            services.facts().invalidate(key);
            String name = outcome instanceof RollbackOutcome.RolledBack ? "ROLLED_BACK"
                    : outcome instanceof RollbackOutcome.NotRolledBack ? "NOT_ROLLED_BACK" : "FAILED";
            change("rollback", key, actor, new JsonObject().put("outcome", name));
            AdminApi.send(context, 200, new JsonObject().put("user", key).put("outcome", name)
                    .put("detail", outcome.detail()));
        }).onFailure(context::fail);
    }

    static JsonObject outcome(MigrationOutcome outcome) {
        return new JsonObject().put("user", outcome.userKey()).put("outcome", outcome.ledgerOutcome())
                .put("state", outcome.state().name()).put("servedByModern", outcome.servedByModern())
                .put("detail", outcome.detail());
    }

    private void pin(RoutingContext context, boolean set) {
        String key = key(context);
        Upstream to = set ? upstream(AdminApi.body(context).getValue("to")) : null;
        String actor = AdminApi.actor(context, services);
        services.migrator().states().pin(key, to, services.clock().instant()).onSuccess(pinned -> {
            if (!pinned.applied()) {
                context.fail(AdminError.conflict(pinned.refusal()));
                return;
            }
            services.facts().invalidate(key);
            change(set ? "pin" : "unpin", key, actor, new JsonObject().put("to", to == null ? null : to.id()));
            AdminApi.send(context, 200, new JsonObject().put("user", key).put("pin", to == null ? null : to.id()));
        }).onFailure(context::fail);
    }

    private static Upstream upstream(Object to) {
        if ("legacy".equals(to)) {
            return Upstream.LEGACY;
        }
        if ("modern".equals(to)) {
            return Upstream.MODERN;
        }
        throw AdminError.badRequest("to: " + to + " (expected: \"legacy\" or \"modern\")");
    }

    private void change(String action, String key, String actor, JsonObject details) {
        services.log().write("admin_change", new JsonObject().put("action", action)
                .put("user", services.log().user(key)).put("actor", actor).mergeIn(details));
    }

    private static String key(RoutingContext context) {
        String key = context.pathParam("key");
        if (key == null || key.isBlank() || key.length() > KEY_LIMIT) {
            throw AdminError.badRequest("user key: expected 1 to " + KEY_LIMIT + " characters");
        }
        return key;
    }
}
