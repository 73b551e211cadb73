package dev.strangler.proxy.admin;

import dev.strangler.config.TokenScope;
import dev.strangler.proxy.tokens.Caller;
import io.vertx.core.json.JsonObject;

/**
 * A refused admin call, answered as {@code {"error": "...", "detail": "..."}} with its status: the one way an
 * endpoint says no, turned into a response in one place ({@link AdminApi}'s failure handler).
 *
 * @see AdminApi
 */
public final class AdminError extends RuntimeException {

    private final int status;
    private final String error;
    private final JsonObject extra;

    public AdminError(int status, String error, String detail) {
        this(status, error, detail, new JsonObject());
    }

    private AdminError(int status, String error, String detail, JsonObject extra) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
        this.extra = extra;
    }

    /** The caller's token is known but its scope is below the one the call needs: 403, naming both scopes. */
    public static AdminError forbidden(Caller caller, TokenScope required) {
        return new AdminError(403, "forbidden", "token " + caller.name() + " has scope " + caller.scope()
                + "; this call needs scope " + required, new JsonObject().put("requiredScope", required.id())
                .put("tokenScope", caller.scope().id()));
    }

    public static AdminError badRequest(String detail) {
        return new AdminError(400, "bad_request", detail);
    }

    public static AdminError notFound(String detail) {
        return new AdminError(404, "not_found", detail);
    }

    /** The request is well formed but the resource's state refuses it (pinning a migrated user to legacy). */
    public static AdminError conflict(String detail) {
        return new AdminError(409, "conflict", detail);
    }

    public int status() {
        return status;
    }

    public JsonObject toJson() {
        return new JsonObject().put("error", error).put("detail", getMessage()).mergeIn(extra);
    }
}
