package dev.strangler.proxy.admin;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * One user, through {@link UserLookup} and {@link UserActions}: {@code GET /admin/users/{key}} (the decision a request
 * on a rollout path would get, and why), {@code POST /admin/users/{key}/migrate}, {@code POST
 * /admin/users/{key}/dry-run} (writes nothing), {@code POST /admin/users/{key}/rollback} and {@code PUT|DELETE
 * /admin/users/{key}/pin}; a change may carry {@code {"reason": "..."}} for the audit.
 */
public final class UserEndpoints implements Endpoints {

    private static final int KEY_LIMIT = 256;
    private static final int LEDGER_ENTRIES = 5;

    private final UserLookup lookup;
    private final UserActions users;
    private final StageStatus stages;

    public UserEndpoints(UserLookup lookup, UserActions users, StageStatus stages) {
        this.lookup = lookup;
        this.users = users;
        this.stages = stages;
    }

    @Override
    public void mount(Router router) {
        router.get("/admin/users/:key").handler(this::show);
        router.post("/admin/users/:key/migrate").handler(this::migrate);
        router.post("/admin/users/:key/dry-run").handler(this::dryRun);
        router.post("/admin/users/:key/rollback").handler(this::rollback);
        router.put("/admin/users/:key/pin").handler(context -> pin(context, true));
        router.delete("/admin/users/:key/pin").handler(context -> pin(context, false));
    }

    private void show(RoutingContext context) {
        lookup.show(key(context), LEDGER_ENTRIES).onSuccess(user -> AdminApi.send(context, 200, user.toJson()))
                .onFailure(context::fail);
    }

    private void migrate(RoutingContext context) {
        String key = key(context);
        String force = context.request().getParam("force", "false");
        if (!force.equals("true") && !force.equals("false")) {
            throw AdminError.badRequest("force: " + force + " (expected: true or false)");
        }
        users.migrate(key, Boolean.parseBoolean(force), AdminApi.actor(context), reason(AdminApi.body(context)))
                .onSuccess(outcome -> AdminApi.send(context, 200, outcome(outcome)))
                .onFailure(context::fail);
    }

    private void dryRun(RoutingContext context) {
        lookup.dryRun(key(context)).onSuccess(dryRun -> AdminApi.send(context, 200, dryRun.toJson()))
                .onFailure(context::fail);
    }

    private void rollback(RoutingContext context) {
        String key = key(context);
        String reason = reason(AdminApi.body(context));
        stages.stageOfUser(key).compose(stage -> stage.allowsRollback()
                        ? users.rollback(key, AdminApi.actor(context), reason)
                        : Future.failedFuture(AdminError.conflict("the user's cohort is complete (legacy retired):"
                                + " no rollback")))
                .onSuccess(outcome -> AdminApi.send(context, 200, new JsonObject().put("user", key)
                        .put("outcome", UserActions.rollbackOutcome(outcome)).put("detail", outcome.detail())))
                .onFailure(context::fail);
    }

    static JsonObject outcome(MigrationEngine.Outcome outcome) {
        return new JsonObject().put("user", outcome.userKey()).put("outcome", outcome.ledgerOutcome())
                .put("state", outcome.state() == null ? "UNKNOWN" : outcome.state().name())
                .put("servedByModern", outcome.servedByModern())
                .put("detail", outcome.detail());
    }

    private void pin(RoutingContext context, boolean set) {
        String key = key(context);
        JsonObject body = AdminApi.body(context);
        Upstream to = set ? upstream(body.getValue("to")) : null;
        users.pin(key, to, AdminApi.actor(context), reason(body)).onSuccess(pinned -> {
            if (!pinned.applied()) {
                context.fail(AdminError.conflict(pinned.refusal()));
                return;
            }
            AdminApi.send(context, 200, new JsonObject().put("user", key).put("pin", to == null ? null : to.id()));
        }).onFailure(context::fail);
    }

    /** The body's optional {@code reason}, for the audit. */
    static String reason(JsonObject body) {
        Object reason = body.getValue("reason");
        if (reason != null && !(reason instanceof String)) {
            throw AdminError.badRequest("reason: expected a string");
        }
        if (reason != null && ((String) reason).length() > RolloutChanges.REASON_LIMIT) {
            throw AdminError.badRequest("reason: " + ((String) reason).length() + " characters (expected: at most "
                    + RolloutChanges.REASON_LIMIT + ")");
        }
        return (String) reason;
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

    private static String key(RoutingContext context) {
        String key = context.pathParam("key");
        if (key == null || key.isBlank() || key.length() > KEY_LIMIT) {
            throw AdminError.badRequest("user key: expected 1 to " + KEY_LIMIT + " characters");
        }
        return key;
    }
}
