package dev.strangler.proxy.forward;

import java.time.Duration;

/**
 * Why the proxy answered a request itself instead of forwarding it: a status and a short reason for the client,
 * and for a 503 when to try again ({@code Retry-After}, whole seconds, at least one; null for none). The reason is
 * the whole response body, so it never carries internal detail (no host names, no stack traces).
 */
public record Rejection(int status, String reason, Duration retryAfter) implements Resolution {

    public Rejection(int status, String reason) {
        this(status, reason, null);
    }

    public static Rejection badRequest(String reason) {
        return new Rejection(400, reason);
    }

    /** 503: the proxy cannot tell which side serves the request now; the client may try again after a while. */
    public static Rejection unavailable(Duration retryAfter) {
        return new Rejection(503, "Service Unavailable", retryAfter);
    }

    /** The {@code Retry-After} value in whole seconds, rounded up, at least one; -1 when there is none. */
    public long retryAfterSeconds() {
        if (retryAfter == null) {
            return -1;
        }
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
