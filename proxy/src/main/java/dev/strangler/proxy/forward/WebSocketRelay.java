package dev.strangler.proxy.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;

/**
 * Passes a WebSocket through to the upstream its handshake request was routed to; the handshake's other headers
 * travel like any request's. The client's socket is held paused until the upstream handshake succeeds; if it
 * fails, the client's socket is closed with code 1014 (bad gateway). Frames then cross unchanged in both directions (text stays text, fragments stay fragments), paced by
 * each side's write queue, and a close on either side closes the other with the same status.
 */
final class WebSocketRelay {

    /** RFC 6455 close code 1014, "bad gateway": the upstream could not be reached. */
    private static final short UNAVAILABLE = 1014;

    private WebSocketRelay() {
    }

    static void relay(ServerWebSocket client, Route route, UpstreamClient upstream, MultiMap headers,
                      ExchangeRecorder recorder) {
        long started = System.nanoTime();
        headers.remove("Sec-WebSocket-Key").remove("Sec-WebSocket-Version").remove("Sec-WebSocket-Extensions")
                .remove("Sec-WebSocket-Accept").remove("Sec-WebSocket-Protocol");
        upstream.openWebSocket(client.uri(), headers).onComplete(connected -> {
            if (connected.failed()) {
                Rejection rejection = UpstreamFailure.of(connected.cause());
                recorder.record(route, rejection.status(), System.nanoTime() - started);
                client.close(UNAVAILABLE, rejection.reason());
                return;
            }
            recorder.record(route, 101, System.nanoTime() - started);
            join(client, connected.result());
            client.resume();
        });
    }

    private static void join(ServerWebSocket client, WebSocket upstream) {
        pipe(client, upstream);
        pipe(upstream, client);
    }

    private static void pipe(WebSocketBase from, WebSocketBase to) {
        from.frameHandler(frame -> forward(frame, from, to));
        from.closeHandler(closed -> {
            if (!to.isClosed()) {
                Short status = from.closeStatusCode();
                to.close(status == null ? 1000 : status, from.closeReason());
            }
        });
        from.exceptionHandler(failure -> {
            if (!to.isClosed()) {
                to.close((short) 1011);
            }
        });
    }

    private static void forward(WebSocketFrame frame, WebSocketBase from, WebSocketBase to) {
        if (frame.isClose() || frame.isPing() || frame.type() == io.vertx.core.http.WebSocketFrameType.PONG || to.isClosed()) {
            return;
        }
        to.writeFrame(frame);
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(drained -> from.resume());
        }
    }
}
