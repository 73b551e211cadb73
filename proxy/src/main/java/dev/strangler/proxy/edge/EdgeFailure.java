package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.Rejection;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.TimeoutException;

/**
 * Turns a failure to reach an upstream into the status the client sees, as the Vert.x plane's
 * {@code UpstreamFailure} does: 504 when the upstream was too slow (connect or response timeout), 502 for
 * everything else. And says when a request may be tried once more on a fresh connection: an idempotent method,
 * and an upstream that failed rather than stayed silent (a slow upstream is not asked twice).
 */
final class EdgeFailure {

    private EdgeFailure() {
    }

    static Rejection of(Throwable cause) {
        return isTimeout(cause) ? new Rejection(504, "Gateway Timeout") : new Rejection(502, "Bad Gateway");
    }

    /** For a request without a body that failed before any response byte. */
    static boolean mayRetry(HttpMethod method, Throwable cause) {
        boolean idempotent = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
                || HttpMethod.OPTIONS.equals(method);
        return idempotent && !isTimeout(cause);
    }

    static boolean isTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
