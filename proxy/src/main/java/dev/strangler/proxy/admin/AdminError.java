package dev.strangler.proxy.admin;

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

    public AdminError(int status, String error, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
    }

    public static AdminError badRequest(String detail) {
        return new AdminError(400, "bad_request", detail);
    }

    public static AdminError notFound(String detail) {
        return new AdminError(404, "not_found", detail);
    }

    public int status() {
        return status;
    }

    public JsonObject toJson() {
        return new JsonObject().put("error", error).put("detail", getMessage());
    }
}
