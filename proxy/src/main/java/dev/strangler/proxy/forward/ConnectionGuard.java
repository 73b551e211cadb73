package dev.strangler.proxy.forward;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Protects the listener from clients that hold connections without using them: refuses connections beyond
 * {@code maxConnections} (shared by every event loop), and closes a connection whose client has not finished
 * sending a request head within {@code headerTimeout} of connecting or of its previous response (slowloris).
 * One instance per event loop; the connection counter is shared.
 */
final class ConnectionGuard {

    private final Vertx vertx;
    private final AtomicInteger open;
    private final int maxConnections;
    private final long headerTimeoutMillis;
    private final Map<HttpConnection, Long> deadlines = new HashMap<>();

    ConnectionGuard(Vertx vertx, AtomicInteger open, int maxConnections, Duration headerTimeout) {
        this.vertx = vertx;
        this.open = open;
        this.maxConnections = maxConnections;
        this.headerTimeoutMillis = Math.max(1, headerTimeout.toMillis());
    }

    /** Called for every new client connection, on its event loop. */
    void accepted(HttpConnection connection) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            connection.close();
            return;
        }
        connection.closeHandler(closed -> {
            open.decrementAndGet();
            Long timer = deadlines.remove(connection);
            if (timer != null) {
                vertx.cancelTimer(timer);
            }
        });
        arm(connection);
    }

    void requestArrived(HttpConnection connection) {
        Long timer = deadlines.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    void responseEnded(HttpConnection connection) {
        arm(connection);
    }

    int openConnections() {
        return open.get();
    }

    private void arm(HttpConnection connection) {
        Long previous = deadlines.put(connection, vertx.setTimer(headerTimeoutMillis, fired -> {
            deadlines.remove(connection);
            connection.close();
        }));
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }
}
