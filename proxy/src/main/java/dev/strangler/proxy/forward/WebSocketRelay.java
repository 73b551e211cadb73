package dev.strangler.proxy.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;

/**
 * Passes a WebSocket through to the upstream its handshake request was routed to. The upstream handshake happens
 * first, so a refused or failing upstream gives the client an ordinary 502/504 instead of a socket that closes at
 * once. Frames then cross unchanged in both directions (text stays text, fragments stay fragments), paced by
 * each side's write queue, and a close on either side closes the other with the same status.
 */
final class WebSocketRelay {

    private WebSocketRelay() {
    }

    static void relay(HttpServerRequest request, Route route, UpstreamClient upstream, MultiMap headers,
                      ExchangeRecorder recorder) {
        long started = System.nanoTime();
        headers.remove("Sec-WebSocket-Key").remove("Sec-WebSocket-Version").remove("Sec-WebSocket-Extensions")
                .remove("Sec-WebSocket-Accept").remove("Sec-WebSocket-Protocol");
        upstream.openWebSocket(request.uri(), headers).onComplete(connected -> {
            if (connected.failed()) {
                Rejection rejection = UpstreamFailure.of(connected.cause());
                recorder.record(route, rejection.status(), System.nanoTime() - started);
                Forwarder.answer(request, rejection, false);
                return;
            }
            WebSocket upstreamSocket = connected.result();
            request.toWebSocket().onComplete(accepted -> {
                if (accepted.failed()) {
                    upstreamSocket.close();
                    return;
                }
                recorder.record(route, 101, System.nanoTime() - started);
                join(accepted.result(), upstreamSocket);
            });
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
