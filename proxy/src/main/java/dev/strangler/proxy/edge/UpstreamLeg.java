package dev.strangler.proxy.edge;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The upstream side of one {@link EdgeExchange}: the pool of its route's upstream on the client's event loop, the
 * channel leased from it (pooled, or fresh for a retry or a WebSocket handshake), the request's head and held body
 * written to it, the silence timer armed once the whole request is sent ({@link ResponseTimer}), and letting the channel go, back to the pool only when both
 * messages ended cleanly on a pooled channel. Used from the client channel's event loop only.
 */
final class UpstreamLeg {

    private final UpstreamPool pool;
    private Channel channel;
    private boolean fresh;
    private ResponseTimer timer;

    UpstreamLeg(UpstreamPool pool) {
        this.pool = pool;
    }

    /** Leases a channel for {@code exchange}: a fresh one (closed after the exchange) or a pooled one. */
    Future<Channel> lease(UpstreamExchange exchange, boolean fresh) {
        this.fresh = fresh;
        return pool.lease(exchange, fresh);
    }

    /** The leased channel is the exchange's from now on. */
    void attach(Channel leased) {
        channel = leased;
    }

    /** The leased channel, null before it was attached and after it was let go. */
    Channel channel() {
        return channel;
    }

    /** Whether the channel is a fresh one: a request on it is not retried again. */
    boolean fresh() {
        return fresh;
    }

    String authority() {
        return pool.settings().authority();
    }

    Duration responseTimeout() {
        return pool.settings().responseTimeout();
    }

    /** The whole request is sent: from now on the upstream's silence is timed, and {@code silent} told once. */
    void timeSilence(Consumer<TimeoutException> silent) {
        Duration limit = pool.settings().responseTimeout();
        timer = new ResponseTimer(channel.eventLoop(), limit,
                () -> silent.accept(new TimeoutException("the upstream stayed silent for " + limit)));
        timer.start();
    }

    /** A part of the answer arrived: the silence starts again. */
    void heard() {
        if (timer != null) {
            timer.heard();
        }
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Takes the channel away from the pool's care (a WebSocket tunnel owns it now). */
    Channel take() {
        Channel taken = channel;
        channel = null;
        return taken;
    }

    /**
     * Writes the request's head, then the body parts held so far (and an empty last part when the head is resent on
     * a fresh channel without a body); flushed now unless {@code later} (the client's read in progress flushes once at
     * its end, so the head and the body decoded with it leave in one segment).
     */
    void writeRequest(HttpRequest head, RequestBody body, boolean emptyBody, boolean later) {
        channel.write(head);
        if (emptyBody) {
            channel.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        body.drainTo(channel);
        if (body.complete() || !later) {
            channel.flush();
        }
    }

    /** Flushes what was written upstream, if the channel is still the exchange's. */
    void flush() {
        if (channel != null) {
            channel.flush();
        }
    }

    /** The upstream is read only while the client can take more (back-pressure on the answer). */
    void readWhile(boolean clientWritable) {
        if (channel != null) {
            channel.config().setAutoRead(clientWritable);
        }
    }

    /** Lets the channel go (its silence no longer timed): back to its pool when {@code reusable} and pooled, else closed. */
    void release(boolean reusable) {
        cancelTimer();
        Channel released = take();
        if (released != null) {
            pool.release(released, reusable && !fresh);
        }
    }

    /** A channel leased for an exchange that ended meanwhile: closed, never used. */
    void discard(Channel leased) {
        pool.release(leased, false);
    }
}
