package dev.strangler.proxy.forward;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A forwarded request's place in the {@link InFlightUsers} count. It ends at once when the response ended after the
 * upstream answered; when the request was abandoned instead (the client went away, the upstream request was reset or
 * timed out), the upstream may still be executing it, a legacy write still to commit, so it ends only a grace later:
 * the upstream's response timeout, which the fleet's drain bound is at least. Used by both data planes.
 */
public final class LingeringCount {

    private final Runnable left;
    private final Vertx vertx;
    private final Duration grace;
    private final AtomicBoolean abandoned = new AtomicBoolean();

    public LingeringCount(Runnable left, Vertx vertx, Duration grace) {
        this.left = left;
        this.vertx = vertx;
        this.grace = grace;
    }

    /** The response ended: the count ends now, unless the request was abandoned first. */
    public void ended() {
        if (!abandoned.get()) {
            left.run();
        }
    }

    /** The request was abandoned: the count ends after the grace. */
    public void abandoned() {
        if (abandoned.compareAndSet(false, true)) {
            vertx.setTimer(Math.max(1, grace.toMillis()), id -> left.run());
        }
    }
}
