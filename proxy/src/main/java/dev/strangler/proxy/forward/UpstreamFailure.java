package dev.strangler.proxy.forward;

import java.util.concurrent.TimeoutException;

/**
 * Turns a failure to reach an upstream into the status the client sees, here and nowhere else: 504 when the
 * upstream was too slow (connect or response timeout), 502 for everything else (refused, reset, closed early).
 * The client gets the status and a one-word body; the cause stays in the proxy.
 */
final class UpstreamFailure {

    private UpstreamFailure() {
    }

    static Rejection of(Throwable cause) {
        return isTimeout(cause) ? new Rejection(504, "Gateway Timeout") : new Rejection(502, "Bad Gateway");
    }

    static boolean isTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
