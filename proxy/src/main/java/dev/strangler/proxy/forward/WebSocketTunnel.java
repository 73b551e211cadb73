package dev.strangler.proxy.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetSocket;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Passes a WebSocket upgrade through to the upstream its request was routed to, as the upstream's own handshake:
 * the upgrade request goes upstream with its other headers, the upstream's {@code 101} (with its
 * {@code Sec-WebSocket-Accept}, protocol and extensions) comes back, and from then on the two connections are
 * spliced byte for byte, each paced by the other. The proxy never parses frames, so subprotocols and extensions
 * work as the two ends agree ({@link SplicedTunnel}). An upstream that cannot be reached gives 502/504; one that
 * declines the upgrade gives its own answer. A tunnel is registered under its user's key ({@link Tunnels}), so that
 * it is closed with {@code 1012 Service Restart} when that user's route changes. The tunnel counts among its user's
 * requests in flight ({@link InFlightUsers}) until it closes, so a barrier waits for it; a route that changed while
 * the handshake ran (the restart found no tunnel yet) restarts it as soon as it is registered.
 */
final class WebSocketTunnel {

    private WebSocketTunnel() {
    }

    static boolean isUpgrade(HttpServerRequest request) {
        String upgrade = request.headers().get(HttpHeaders.UPGRADE);
        String connection = request.headers().get(HttpHeaders.CONNECTION);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket") && connection != null
                && connection.toLowerCase(Locale.ROOT).contains("upgrade") && request.method() == HttpMethod.GET;
    }

    /** The upgrade's place in the count of requests in flight, and whether the decision is still current. */
    record Counted(Runnable left, BooleanSupplier current) {
    }

    static void open(HttpServerRequest request, Route route, UpstreamClient upstream, Consumer<MultiMap> headers,
                     ExchangeRecorder recorder, Tunnels tunnels, String userKey, Counted counted) {
        long started = System.nanoTime();
        Consumer<MultiMap> handshake = to -> {
            headers.accept(to);
            to.set(HttpHeaders.CONNECTION, "Upgrade").set(HttpHeaders.UPGRADE, "websocket");
        };
        upstream.open(HttpMethod.GET, request.uri(), handshake, false)
                .compose(outgoing -> outgoing.connect())
                .onComplete(connected -> {
                    if (connected.failed()) {
                        counted.left().run();
                        Rejection rejection = UpstreamFailure.of(connected.cause());
                        recorder.record(route, rejection.status(), System.nanoTime() - started);
                        Forwarder.answer(request, rejection, true);
                        return;
                    }
                    HttpClientResponse answer = connected.result();
                    recorder.record(route, answer.statusCode(), System.nanoTime() - started);
                    if (answer.statusCode() == 101) {
                        splice(request, answer, tunnels, userKey, counted);
                    } else {
                        counted.left().run();
                        declined(request, answer);
                    }
                });
    }

    private static void splice(HttpServerRequest request, HttpClientResponse answer, Tunnels tunnels,
                               String userKey, Counted counted) {
        NetSocket upstreamSocket = answer.netSocket();
        upstreamSocket.pause();
        HttpServerResponse response = request.response();
        response.setStatusCode(101);
        copyHandshake(answer.headers(), response.headers());
        request.toNetSocket().onComplete(accepted -> {
            if (accepted.failed()) {
                upstreamSocket.close();
                counted.left().run();
                return;
            }
            SplicedTunnel[] tunnel = new SplicedTunnel[1];
            tunnel[0] = new SplicedTunnel(Vertx.currentContext(), accepted.result(), upstreamSocket, () -> {
                tunnels.closed(userKey, tunnel[0]);
                counted.left().run();
            });
            tunnels.opened(userKey, tunnel[0]);
            tunnel[0].start();
            if (!counted.current().getAsBoolean()) {
                tunnel[0].restart();
            }
        });
    }

    private static void declined(HttpServerRequest request, HttpClientResponse answer) {
        answer.body().onComplete(body -> {
            HttpServerResponse response = request.response();
            if (body.failed()) {
                Forwarder.answer(request, UpstreamFailure.of(body.cause()), true);
                return;
            }
            response.setStatusCode(answer.statusCode());
            HopByHopHeaders.copyResponse(answer.headers(), response.headers());
            response.headers().remove(HttpHeaders.CONTENT_LENGTH).set(HttpHeaders.CONNECTION, "close");
            response.end(body.result()).onComplete(done -> request.connection().close());
        });
    }

    private static void copyHandshake(MultiMap from, MultiMap to) {
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!name.startsWith("x-strangler-") && !name.equals("connection") && !name.equals("upgrade")) {
                to.add(header.getKey(), header.getValue());
            }
        }
        to.set(HttpHeaders.CONNECTION, "Upgrade").set(HttpHeaders.UPGRADE, "websocket");
    }
}
