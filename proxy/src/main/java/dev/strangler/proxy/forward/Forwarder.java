package dev.strangler.proxy.forward;

import dev.strangler.rules.Upstream;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The request handler of one event loop: screens the request, pauses its body, asks the {@link RouteResolver}
 * where it goes (its {@link RouteResolver#fallback} if the resolver fails: 503 unless the request is anonymous),
 * and hands it to an {@link Exchange}, or to a {@link WebSocketTunnel} for a WebSocket upgrade (same route, same
 * decision). A forwarded request gets its span here ({@link RequestTracing}), carried upstream in the headers and ended when the exchange records its status.
 * Requests the decoder could not parse and requests the {@link RequestScreen} refuses are answered here and the
 * connection is closed, because after an ambiguous message the rest of the byte stream cannot be trusted.
 */
final class Forwarder implements Handler<HttpServerRequest> {

    /** How often a request is decided at most, when the user's state keeps changing while it is decided. */
    private static final int DECISIONS = 3;

    private final Map<Upstream, UpstreamClient> upstreams;
    private final ProxySettings settings;
    private final RequestScreen screen;
    private final ForwardedHeaders forwarded;
    private final RouteResolver resolver;
    private final ExchangeRecorder recorder;
    private final ConnectionGuard guard;
    private final RequestTracing tracing;
    private final InFlightUsers inFlight;
    private final Tunnels tunnels;
    private final ResponseTaps taps;

    Forwarder(Map<Upstream, UpstreamClient> upstreams, ProxySettings settings, RouteResolver resolver,
              ExchangeRecorder recorder, ConnectionGuard guard, RequestTracing tracing, InFlightUsers inFlight,
              Tunnels tunnels, ResponseTaps taps) {
        this.taps = taps;
        this.inFlight = inFlight;
        this.upstreams = Map.copyOf(upstreams);
        this.settings = settings;
        this.screen = new RequestScreen(settings.limits().maxBodyBytes());
        this.forwarded = new ForwardedHeaders(settings.trustedProxies());
        this.resolver = resolver;
        this.recorder = recorder;
        this.guard = guard;
        this.tracing = tracing;
        this.tunnels = tunnels;
    }

    @Override
    public void handle(HttpServerRequest request) {
        guard.requestArrived(request.connection());
        request.response().endHandler(ended -> guard.responseEnded(request.connection()));
        Rejection rejection = screen.check(request);
        if (rejection != null) {
            recorder.record(null, rejection.status(), 0);
            answer(request, rejection, true);
            return;
        }
        request.pause();
        route(request, RequestHead.of(request), Vertx.currentContext(), DECISIONS, null);
    }

    /**
     * Decides where the request goes and forwards it, on the request's context. If the resolver learnt of a change
     * of the user's state (a notification, a migration) since it began deciding ({@link Route#seen}), the decision
     * may rest on what was true before, and the request is decided again (at most {@code attempts} times, then 503
     * with {@code Retry-After}), knowing what it was decided before ({@link RouteResolver#resolveAgain}).
     */
    private void route(HttpServerRequest request, RequestHead head, Context context, int attempts, Route before) {
        resolve(head, before).onComplete(resolved -> onRequestContext(context,
                () -> forward(request, head, resolved.result(), context, attempts)));
    }

    /**
     * Runs {@code step} on the request's event loop: a resolver that waited for the state store or a migration
     * completes on the database client's context, and the request's connection must only be used from its own.
     */
    private static void onRequestContext(Context context, Runnable step) {
        if (Vertx.currentContext() == context) {
            step.run();
        } else {
            context.runOnContext(ignored -> step.run());
        }
    }

    private void forward(HttpServerRequest request, RequestHead head, Resolution resolution, Context context,
                         int attempts) {
        if (resolution instanceof Rejection refused) {
            recorder.record(null, refused.status(), 0);
            answer(request, refused, true);
            return;
        }
        Route route = (Route) resolution;
        UpstreamClient upstream = upstreams.get(route.upstream());
        BooleanSupplier current = () -> route.userKey() == null || generation(route.userKey()) == route.seen();
        Runnable left = inFlight.enter(route.userKey(), route.upstream(), current);
        if (left == null) {
            if (attempts > 1) {
                route(request, head, context, attempts - 1, route);
            } else {
                Rejection unsure = Rejection.unavailable(Duration.ofSeconds(1));
                recorder.record(null, unsure.status(), 0);
                answer(request, unsure, true);
            }
            return;
        }
        boolean tls = request.isSSL();
        Consumer<MultiMap> headers = to -> writeUpstreamHeaders(head, tls, upstream.authority(), to);
        if (WebSocketTunnel.isUpgrade(request)) {
            if (route.userKey() != null) {
                request.response().endHandler(ended -> guard.responseEnded(request.connection()));
            }
            WebSocketTunnel.open(request, route, upstream, headers, recorder, tunnels, userKey(head),
                    new WebSocketTunnel.Counted(left, current));
            return;
        }
        LingeringCount count = new LingeringCount(left, context, upstream.settings().responseTimeout());
        if (route.userKey() != null) {
            request.response().endHandler(ended -> {
                guard.responseEnded(request.connection());
                if (request.response().ended()) {
                    count.ended();
                } else {
                    count.abandoned();
                }
            });
            request.response().closeHandler(gone -> count.abandoned());
        }
        Span span = tracing.start(head, route);
        Consumer<MultiMap> traced = span == null ? headers : headers.andThen(to -> RequestTracing.inject(span, to));
        ExchangeRecorder ending = span == null ? recorder : (to, status, nanos) -> {
            RequestTracing.end(span, status);
            recorder.record(to, status, nanos);
        };
        new Exchange(request, route, upstream, traced, settings.revealRoute(), ending,
                settings.limits().maxBodyBytes(), count::abandoned, tap(head, route, traced)).start();
    }

    /** The shadow comparison's tap for this request, if it is sampled; a failing tap never stops the request. */
    private ResponseTap tap(RequestHead head, Route route, Consumer<MultiMap> headers) {
        try {
            MultiMap upstreamHeaders = MultiMap.caseInsensitiveMultiMap();
            return taps.open(head, route, () -> {
                headers.accept(upstreamHeaders);
                return upstreamHeaders;
            });
        } catch (RuntimeException bug) {
            return null;
        }
    }

    private String userKey(RequestHead head) {
        try {
            return resolver.userKey(head);
        } catch (RuntimeException bug) {
            return null;
        }
    }

    private long generation(String userKey) {
        try {
            return resolver.generation(userKey);
        } catch (RuntimeException bug) {
            return -1;
        }
    }

    private Future<Resolution> resolve(RequestHead head, Route before) {
        Future<Resolution> route;
        try {
            route = before == null ? resolver.resolve(head) : resolver.resolveAgain(head, before);
        } catch (RuntimeException bug) {
            route = Future.failedFuture(bug);
        }
        return route.recover(failed -> Future.succeededFuture(fallback(head)));
    }

    /** The resolver's answer for a request it could not decide; 503 should that throw too. */
    private Resolution fallback(RequestHead head) {
        try {
            return resolver.fallback(head);
        } catch (RuntimeException bug) {
            return Rejection.unavailable(Duration.ofSeconds(1));
        }
    }

    /** Answers a request that could not be parsed at all: 414, 431 or 400, then closes the connection. */
    void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        Rejection rejection = cause instanceof TooLongHttpLineException ? new Rejection(414, "URI Too Long")
                : cause instanceof TooLongHttpHeaderException ? new Rejection(431, "Request Header Fields Too Large")
                : Rejection.badRequest("Bad Request");
        recorder.record(null, rejection.status(), 0);
        answer(request, rejection, true);
    }

    private void writeUpstreamHeaders(RequestHead head, boolean tls, String upstreamAuthority, MultiMap headers) {
        HopByHopHeaders.copyRequest(head.headers(), headers);
        forwarded.apply(head.headers(), head.peer(), tls, headers);
        String host = head.headers().get(HttpHeaders.HOST);
        boolean preserve = settings.hostHeader() == ProxySettings.HostHeader.PRESERVE && host != null;
        headers.set(HttpHeaders.HOST, preserve ? host : upstreamAuthority);
    }

    /** Sends the proxy's own short answer; with {@code close}, the connection ends after it. */
    static void answer(HttpServerRequest request, Rejection rejection, boolean close) {
        HttpServerResponse response = request.response();
        if (response.headWritten() || response.closed()) {
            request.connection().close();
            return;
        }
        response.setStatusCode(rejection.status());
        response.headers().clear()
                .set(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaders.CACHE_CONTROL, "no-store");
        if (rejection.retryAfter() != null) {
            response.headers().set(HttpHeaders.RETRY_AFTER, Long.toString(rejection.retryAfterSeconds()));
        }
        if (close) {
            response.headers().set(HttpHeaders.CONNECTION, "close");
        }
        response.end(rejection.reason() + "\n").onComplete(done -> {
            if (close) {
                request.connection().close();
            }
        });
    }
}
