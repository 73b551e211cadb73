package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.Admission;
import dev.strangler.proxy.forward.LingeringCount;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.proxy.forward.RequestTracing;
import dev.strangler.proxy.forward.ResponseTap;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.Tunnels;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.vertx.core.internal.buffer.BufferInternal;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What watches one admitted request of the Netty plane without steering it, as the Vert.x plane's
 * {@code Forwarder} and {@code Exchange} do: its place in its user's count of requests in flight (ended at once
 * when its response ended, a grace later when it was abandoned or answered 502/504 ({@link LingeringCount}), when
 * its tunnel closes for a WebSocket upgrade, whose tunnel is registered under its user for restarts), its span (carried upstream in the edited request head, ended with the
 * status), the shadow comparison's tap, and the recorder of its status and duration. A WebSocket handshake gets
 * neither span nor tap, as in the Vert.x plane. Used from the client channel's event loop only.
 */
final class ExchangeWatch {

    private final EdgeRoutes routes;
    private final Route route;
    private final RequestHead head;
    private final boolean upgrade;
    private final Runnable left;
    private final BooleanSupplier current;
    private final String tunnelKey;
    private final LingeringCount count;
    private final Span span;
    private final long started = System.nanoTime();
    private ResponseTap tap;

    ExchangeWatch(EdgeRoutes routes, Admission.Admitted admitted, RequestHead head, boolean upgrade, Duration grace) {
        this.routes = routes;
        this.route = admitted.route();
        this.head = head;
        this.upgrade = upgrade;
        this.left = admitted.left();
        this.current = admitted.current();
        this.tunnelKey = upgrade ? routes.admission.userKey(head) : null;
        this.count = upgrade || route.userKey() == null ? null : new LingeringCount(left, routes.vertx, grace);
        this.span = upgrade ? null : routes.tracing.start(head, route);
    }

    /**
     * The request's head was edited for the upstream, once: the span's trace context replaces the client's in it,
     * and the shadow comparison may choose to tap the response, given a copy of what went upstream.
     */
    void headEdited(HttpHeaders upstreamHeaders) {
        if (upgrade) {
            return;
        }
        MultiMap view = new HeadersAdaptor(upstreamHeaders);
        RequestTracing.inject(span, view);
        try {
            tap = routes.taps.open(head, route, () -> MultiMap.caseInsensitiveMultiMap().addAll(view));
        } catch (RuntimeException bug) {
            tap = null;
        }
    }

    /** The upstream's response head, as received (before hop-by-hop removal). */
    void responded(int status, HttpHeaders headers) {
        if (tap != null) {
            tap.head(status, new HeadersAdaptor(headers));
        }
    }

    /** A part of the response body, about to be passed on to the client (the tap copies what it keeps). */
    void chunk(HttpContent part) {
        if (tap != null && part.content().isReadable()) {
            tap.chunk(BufferInternal.buffer(part.content().duplicate()));
        }
    }

    /** The status the client got (or, mid-response, was getting), and how long it took. */
    void record(int status) {
        RequestTracing.end(span, status);
        routes.recorder.record(route, status, System.nanoTime() - started);
    }

    /** The whole response reached the client: the count ends now, the tap compares. */
    void responseEnded() {
        if (upgrade) {
            left.run();
        } else if (count != null) {
            count.ended();
        }
        if (tap != null) {
            tap.ended();
            tap = null;
        }
    }

    /**
     * The request was abandoned (client gone, upstream failed or silent, body refused): the upstream may still be
     * executing it, so its count ends only a grace later; a WebSocket handshake that never became a tunnel ends it now.
     */
    void abandoned() {
        if (upgrade) {
            left.run();
        } else if (count != null) {
            count.abandoned();
        }
        if (tap != null) {
            tap.failed();
            tap = null;
        }
    }

    /**
     * The upgrade became a tunnel: registered under its user, so that a change of the user's route restarts it, and
     * counted until the client's side of it closes (either side's end closes both). A user whose route changed while
     * the handshake ran (the restart found no tunnel yet) has it restarted at once.
     */
    void tunnelOpened(Channel client, Tunnels.Tunnel tunnel) {
        routes.tunnels.opened(tunnelKey, tunnel);
        client.closeFuture().addListener(closed -> {
            routes.tunnels.closed(tunnelKey, tunnel);
            left.run();
        });
        if (!current.getAsBoolean()) {
            tunnel.restart();
        }
    }
}
