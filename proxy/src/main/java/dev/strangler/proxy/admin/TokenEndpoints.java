package dev.strangler.proxy.admin;

import dev.strangler.config.AdminTokenConfig;
import dev.strangler.config.TokenScope;
import dev.strangler.migrator.AdminTokenStore;
import dev.strangler.migrator.AdminTokenStore.StoredToken;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.tokens.AdminTokens;
import dev.strangler.proxy.tokens.TokenSecret;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Token management (scope {@code admin}): {@code GET /admin/tokens}, {@code POST /admin/tokens} with
 * {@code {"name", "scope"}}, which answers the new token once and stores only its hash, and
 * {@code DELETE /admin/tokens/{name}}. A change is applied here at once and by every other instance on the state
 * table's notification; the file's tokens are listed but changed only in the file.
 */
public final class TokenEndpoints implements Endpoints {

    private final AdminTokens tokens;
    private final EventLog log;

    public TokenEndpoints(AdminTokens tokens, EventLog log) {
        this.tokens = tokens;
        this.log = log;
    }

    @Override
    public void mount(Router router) {
        router.get("/admin/tokens").handler(this::list);
        router.post("/admin/tokens").handler(this::add);
        router.delete("/admin/tokens/:name").handler(this::revoke);
    }

    private void list(RoutingContext context) {
        tokens.store().all().onSuccess(stored -> {
            Map<String, StoredToken> byName = stored.stream()
                    .collect(Collectors.toMap(StoredToken::name, Function.identity()));
            JsonArray list = new JsonArray();
            for (AdminTokens.Known token : tokens.known()) {
                StoredToken row = byName.get(token.name());
                JsonObject entry = new JsonObject().put("name", token.name()).put("scope", token.scope().id())
                        .put("source", token.source().id());
                if (token.source() == AdminTokens.Source.DATABASE && row != null) {
                    entry.put("createdBy", row.createdBy()).put("createdAt", row.createdAt().toString());
                }
                list.add(entry);
            }
            AdminApi.send(context, 200, new JsonObject().put("tokens", list));
        }).onFailure(context::fail);
    }

    private void add(RoutingContext context) {
        JsonObject body = AdminApi.body(context);
        String name = name(body.getValue("name"));
        TokenScope scope = scope(body.getValue("scope"));
        if (tokens.isConfigured(name)) {
            throw new AdminError(409, "name_taken", "the configuration file has a token named " + name);
        }
        String actor = AdminApi.actor(context);
        String secret = TokenSecret.generate();
        tokens.store().add(name, scope, TokenSecret.sha256(secret), actor)
                .compose(added -> tokens.reload().map(added))
                .onSuccess(added -> {
                    log.write("admin_change", new JsonObject().put("action", "token_add")
                            .put("token", name).put("scope", scope.id()).put("actor", actor));
                    context.response().putHeader("Cache-Control", "no-store");
                    AdminApi.send(context, 201, new JsonObject().put("name", name).put("scope", scope.id())
                            .put("token", secret).put("createdBy", actor)
                            .put("createdAt", added.createdAt().toString())
                            .put("detail", "shown once: Strangler keeps only its SHA-256"));
                })
                .onFailure(failure -> context.fail(failure instanceof AdminTokenStore.NameTaken taken
                        ? new AdminError(409, "name_taken", taken.getMessage()) : failure));
    }

    private void revoke(RoutingContext context) {
        String name = context.pathParam("name");
        if (tokens.isConfigured(name)) {
            throw new AdminError(409, "configured_token", "token " + name + " comes from the configuration file;"
                    + " remove it there and restart");
        }
        String actor = AdminApi.actor(context);
        tokens.store().revoke(name, actor)
                .compose(revoked -> tokens.reload().map(revoked))
                .onSuccess(revoked -> {
                    if (!revoked) {
                        context.fail(AdminError.notFound("no token named " + name));
                        return;
                    }
                    log.write("admin_change", new JsonObject().put("action", "token_revoke")
                            .put("token", name).put("actor", actor));
                    AdminApi.send(context, 200, new JsonObject().put("name", name).put("revoked", true));
                })
                .onFailure(context::fail);
    }

    private static String name(Object value) {
        if (!(value instanceof String name) || !AdminTokenConfig.NAME.matcher(name).matches()) {
            throw AdminError.badRequest("name: " + (value == null ? "missing" : value)
                    + " (expected: 1 to 64 of a-z 0-9 . _ -, starting with a letter or digit)");
        }
        return name;
    }

    private static TokenScope scope(Object value) {
        try {
            return TokenScope.of(value instanceof String text ? text : String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw AdminError.badRequest("scope: " + e.getMessage());
        }
    }
}
