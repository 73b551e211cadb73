package dev.strangler.demo.web;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Trouble a sample system makes on demand, so tests (and people trying a ramp in the demo) can watch the proxy
 * react: a share of requests answered 500, and a delay before every answer. The failing requests are spread
 * evenly, not drawn at random: with a share of 0.1 exactly one request in ten fails, so a test's counts are exact.
 * The probe endpoints are never affected.
 */
public final class Faults {

    private final Vertx vertx;
    private volatile double errorShare;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicLong requests = new AtomicLong();

    Faults(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * From now on, answers this share of requests (0..1) with 500, counting afresh: with 0.25, the 4th, 8th, 12th...
     * request from now fails.
     */
    public Faults failing(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share: " + share + " (expected: 0..1)");
        }
        requests.set(0);
        errorShare = share;
        return this;
    }

    /** From now on, waits this long before handling each request. */
    public Faults slowedBy(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("delay: " + value + " (expected: 0 or more)");
        }
        delay = value;
        return this;
    }

    /** No more trouble. */
    public Faults healed() {
        return failing(0).slowedBy(Duration.ZERO);
    }

    void handle(RoutingContext ctx) {
        double share = errorShare;
        long n = requests.incrementAndGet();
        boolean fail = share > 0 && Math.floor(n * share) != Math.floor((n - 1) * share);
        Runnable next = () -> {
            if (fail) {
                ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain").end("injected fault");
            } else {
                ctx.next();
            }
        };
        long millis = delay.toMillis();
        if (millis > 0) {
            vertx.setTimer(millis, id -> next.run());
        } else {
            next.run();
        }
    }
}
