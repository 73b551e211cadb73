package dev.strangler.proxy.edge;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long an upstream may stay silent: armed once the whole request is sent (an upload may take longer than the
 * upstream may stay silent afterwards), restarted by every part of the answer ({@link #heard}), and fired at most
 * once. One timer task per silence rather than per part: a part only stamps the time.
 */
final class ResponseTimer {

    private final EventLoop loop;
    private final long limitNanos;
    private final Runnable expired;
    private long lastHeard;
    private ScheduledFuture<?> task;

    ResponseTimer(EventLoop loop, Duration limit, Runnable expired) {
        this.loop = loop;
        this.limitNanos = limit.toNanos();
        this.expired = expired;
    }

    void start() {
        lastHeard = System.nanoTime();
        task = loop.schedule(this::check, limitNanos, TimeUnit.NANOSECONDS);
    }

    void heard() {
        lastHeard = System.nanoTime();
    }

    void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void check() {
        if (task == null) {
            return;
        }
        long left = limitNanos - (System.nanoTime() - lastHeard);
        if (left > 0) {
            task = loop.schedule(this::check, left, TimeUnit.NANOSECONDS);
        } else {
            task = null;
            expired.run();
        }
    }
}
