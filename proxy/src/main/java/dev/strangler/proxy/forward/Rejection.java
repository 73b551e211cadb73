package dev.strangler.proxy.forward;

/**
 * Why the proxy answered a request itself instead of forwarding it: a status and a short reason for the client.
 * The reason is the whole response body, so it never carries internal detail (no host names, no stack traces).
 */
public record Rejection(int status, String reason) implements Resolution {

    public static Rejection badRequest(String reason) {
        return new Rejection(400, reason);
    }
}
