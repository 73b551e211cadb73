package dev.strangler.proxy.forward;

import dev.strangler.rules.Upstream;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The request handler of one event loop: screens the request, pauses its body, lets it in ({@link Admission}: the
 * {@link RouteResolver} decides where it goes, decided again while the decision goes stale, counted among its user's
 * requests in flight), and hands it to an {@link Exchange}, or to a {@link WebSocketTunnel} for a WebSocket upgrade (same route, same
 * decision). A forwarded request gets its span here ({@link RequestTracing}), carried upstream in the headers and ended when the exchange records its status.
 * Requests the decoder could not parse and requests the {@link RequestScreen} refuses are answered here and the
 * connection is closed, because after an ambiguous message the rest of the byte stream cannot be trusted.
 */
final class Forwarder implements Handler<HttpServerRequest> {

    private final Map<Upstream, UpstreamClient> upstreams;
    private final ProxySettings settings;
    private final RequestScreen screen;
    private final ForwardedHeaders forwarded;
    private final Admission admission;
    private final ExchangeRecorder recorder;
    private final ConnectionGuard guard;
    private final RequestTracing tracing;
    private final Tunnels tunnels;
    private final ResponseTaps taps;

    Forwarder(Map<Upstream, UpstreamClient> upstreams, ProxySettings settings, RouteResolver resolver,
              ExchangeRecorder recorder, ConnectionGuard guard, RequestTracing tracing, InFlightUsers inFlight,
              Tunnels tunnels, ResponseTaps taps) {
        this.taps = taps;
        this.upstreams = Map.copyOf(upstreams);
        this.settings = settings;
        this.screen = new RequestScreen(settings.limits().maxBodyBytes());
        this.forwarded = new ForwardedHeaders(settings.trustedProxies());
        this.admission = new Admission(resolver, inFlight);
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
        RequestHead head = RequestHead.of(request);
        Context context = Vertx.currentContext();
        admission.admit(head, step -> onRequestContext(context, step),
                outcome -> forward(request, head, outcome, context));
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

    private void forward(HttpServerRequest request, RequestHead head, Admission.Outcome outcome, Context context) {
        if (outcome instanceof Admission.Refused refused) {
            recorder.record(null, refused.rejection().status(), 0);
            answer(request, refused.rejection(), true);
            return;
        }
        Admission.Admitted admitted = (Admission.Admitted) outcome;
        Route route = admitted.route();
        Runnable left = admitted.left();
        UpstreamClient upstream = upstreams.get(route.upstream());
        boolean tls = request.isSSL();
        Consumer<MultiMap> headers = to -> writeUpstreamHeaders(head, tls, upstream.authority(), to);
        if (WebSocketTunnel.isUpgrade(request)) {
            if (route.userKey() != null) {
                request.response().endHandler(ended -> guard.responseEnded(request.connection()));
            }
            WebSocketTunnel.open(request, route, upstream, headers, recorder, tunnels, admission.userKey(head),
                    new WebSocketTunnel.Counted(left, admitted.current()));
            return;
        }
        LingeringCount count = new LingeringCount(left, context.owner(), upstream.settings().responseTimeout());
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
