package dev.strangler.proxy.forward;

import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Protects the listener from clients that hold connections without using them: refuses connections beyond
 * {@code maxConnections} (shared by every event loop), and closes a connection whose client has not finished
 * sending a request head within {@code headerTimeout} of connecting or of its previous response (slowloris).
 *
 * <p>Used by the data plane and the admin listener. One instance per event loop, touched only from it. A request
 * costs two field writes; a sweep every half timeout (at most every second) finds the connections that waited too
 * long, instead of a timer per request.
 */
public final class ConnectionGuard {

    private static final long IN_REQUEST = -1;

    private final Vertx vertx;
    private final AtomicInteger open;
    private final int maxConnections;
    private final long headerTimeoutNanos;
    private final Map<HttpConnection, Waiting> connections = new HashMap<>();
    private long sweeper = -1;

    /** A guard counting in {@code open}, which guards of the same listener on other event loops share. */
    public ConnectionGuard(Vertx vertx, AtomicInteger open, int maxConnections, Duration headerTimeout) {
        this.vertx = vertx;
        this.open = open;
        this.maxConnections = maxConnections;
        this.headerTimeoutNanos = Math.max(1, headerTimeout.toNanos());
    }

    /** Starts the sweep; called once the event loop's server is created. */
    public void start() {
        long period = Math.max(10, Math.min(1000, Duration.ofNanos(headerTimeoutNanos).toMillis() / 2));
        sweeper = vertx.setPeriodic(period, tick -> sweep());
    }

    /** Stops the sweep. */
    public void stop() {
        if (sweeper >= 0) {
            vertx.cancelTimer(sweeper);
        }
    }

    /** Called for every new client connection, on its event loop. */
    public void accepted(HttpConnection connection) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            connection.close();
            return;
        }
        connections.put(connection, new Waiting(System.nanoTime()));
        channel(connection).closeFuture().addListener(closed -> {
            open.decrementAndGet();
            connections.remove(connection);
        });
    }

    /**
     * The connection's Netty channel, whose close future completes however the connection ends. Vert.x's own
     * {@code closeHandler} is not called for a connection handed over with {@code toNetSocket()} (a WebSocket
     * tunnel), so counting on it leaked one slot per tunnel. The listener runs on the channel's event loop, which
     * is this guard's.
     */
    private static Channel channel(HttpConnection connection) {
        return ((HttpServerConnection) connection).channelHandlerContext().channel();
    }

    /** Called when a request head has arrived: the connection is busy, not slow. */
    public void requestArrived(HttpConnection connection) {
        Waiting waiting = connections.get(connection);
        if (waiting != null) {
            waiting.since = IN_REQUEST;
        }
    }

    /** Called when a response has ended: the connection waits for its next request head from now on. */
    public void responseEnded(HttpConnection connection) {
        Waiting waiting = connections.get(connection);
        if (waiting != null) {
            waiting.since = System.nanoTime();
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        List<HttpConnection> late = null;
        for (Map.Entry<HttpConnection, Waiting> entry : connections.entrySet()) {
            long since = entry.getValue().since;
            if (since != IN_REQUEST && now - since > headerTimeoutNanos) {
                if (late == null) {
                    late = new ArrayList<>();
                }
                late.add(entry.getKey());
            }
        }
        if (late != null) {
            late.forEach(HttpConnection::close);
        }
    }

    /** When the connection started waiting for a request head, or {@link #IN_REQUEST}. */
    private static final class Waiting {
        long since;

        Waiting(long since) {
            this.since = since;
        }
    }
}
