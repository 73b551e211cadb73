package dev.strangler.proxy.admin;

import dev.strangler.config.TokenScope;
import dev.strangler.migrator.RampStore;
import dev.strangler.migrator.RolloutStore;
import dev.strangler.proxy.ramp.RampActions;
import dev.strangler.proxy.tokens.AdminTokens;
import dev.strangler.proxy.tokens.Caller;
import dev.strangler.proxy.tokens.EndpointScopes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code /admin/**} API of SPEC §6: the bearer token checked before anything else (401 for none or an unknown one),
 * then its scope against the one the call needs ({@link EndpointScopes}; 403 naming the scope), JSON bodies of at most
 * {@value #BODY_LIMIT} bytes, and every refusal answered as {@code {"error","detail"}} by one failure handler. A {@code
 * GET} never changes anything; the endpoints live in {@link RolloutEndpoints}, {@link UserEndpoints}, {@link
 * MigrationsEndpoints}, {@link StatusEndpoints}, {@link BackfillEndpoints}, {@link TokenEndpoints}, {@link
 * ShadowEndpoints} and {@link RampEndpoints}, and {@link StageEndpoints}.
 */
public final class AdminApi {

    /** Every admin body is a few fields; anything larger is refused before it is read in full. */
    static final int BODY_LIMIT = 16 * 1024;
    private static final String CALLER = "strangler.caller";
    private static final Logger LOG = Logger.getLogger(AdminApi.class.getName());

    private AdminApi() {
    }

    /** Mounts {@code /admin/**} on the admin port's router. */
    public static void mount(Router router, AdminTokens tokens, List<Endpoints> groups) {
        router.route("/admin/*").handler(context -> {
            Optional<Caller> caller = tokens.authenticate(
                    context.request().getHeader(HttpHeaders.AUTHORIZATION));
            if (caller.isEmpty()) {
                context.response().putHeader("WWW-Authenticate", "Bearer");
                context.fail(new AdminError(401, "unauthorized", "a valid Authorization: Bearer token is required"));
                return;
            }
            TokenScope required = EndpointScopes.required(context.request().method().name(),
                    context.request().path());
            if (!caller.get().scope().covers(required)) {
                context.fail(AdminError.forbidden(caller.get(), required));
                return;
            }
            context.put(CALLER, caller.get());
            context.next();
        });
        router.route("/admin/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        groups.forEach(group -> group.mount(router));
        router.route("/admin/*").failureHandler(AdminApi::refuse);
    }

    private static void refuse(RoutingContext context) {
        Throwable failure = context.failure();
        AdminError error;
        if (failure instanceof AdminError admin) {
            error = admin;
        } else if (failure instanceof RampStore.RampRefused refused) {
            error = AdminError.conflict(refused.getMessage());
        } else if (failure instanceof RampActions.UnknownCohort unknown) {
            error = AdminError.notFound(unknown.getMessage());
        } else if (failure instanceof RolloutStore.StaleVersion stale) {
            error = new AdminError(409, "stale_version", stale.getMessage());
        } else if (failure == null) {
            error = byStatus(context.statusCode());
        } else {
            LOG.log(Level.WARNING, "admin call " + context.request().method() + " " + context.request().path()
                    + " failed", failure);
            error = new AdminError(500, "internal_error", String.valueOf(failure.getMessage()));
        }
        if (!context.response().ended()) {
            send(context, error.status(), error.toJson());
        }
    }

    private static AdminError byStatus(int status) {
        return switch (status) {
            case 404 -> AdminError.notFound("no such admin endpoint");
            case 405 -> new AdminError(405, "method_not_allowed", "this endpoint does not take that method");
            case 413 -> new AdminError(413, "body_too_large", "an admin body is at most " + BODY_LIMIT + " bytes");
            default -> new AdminError(status < 400 ? 500 : status, "error", "HTTP " + status);
        };
    }

    /** The request's JSON object; an empty body is an empty object, anything else not an object is a 400. */
    static JsonObject body(RoutingContext context) {
        Buffer buffer = context.body() == null ? null : context.body().buffer();
        if (buffer == null || buffer.length() == 0) {
            return new JsonObject();
        }
        try {
            Object parsed = Json.decodeValue(buffer);
            if (parsed instanceof JsonObject object) {
                return object;
            }
        } catch (DecodeException e) {
            throw AdminError.badRequest("the body is not valid JSON: " + e.getMessage());
        }
        throw AdminError.badRequest("the body must be a JSON object");
    }

    static void send(RoutingContext context, int status, Object json) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(json instanceof JsonObject object ? object.encodePrettily() : String.valueOf(json));
    }

    /** Who made the change, for the audit row and the log line: the token's name (and the person, if given). */
    static String actor(RoutingContext context) {
        return caller(context).actor(context.request().getHeader("X-Strangler-Actor"));
    }

    /** The token that made this call, known once it passed the token check. */
    static Caller caller(RoutingContext context) {
        return context.get(CALLER);
    }
}
