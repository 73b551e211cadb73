package dev.strangler.proxy.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.ReadStream;
import java.util.function.Consumer;

/**
 * One request on its way through the proxy: opens the upstream request, streams the client's body into it and the
 * upstream's response back, each side paced by the other (back-pressure; no body is ever held whole). A failure
 * before the response started becomes 502 or 504 ({@link UpstreamFailure}); after it started, the client
 * connection is closed, since a truncated body must not look complete (and a client that leaves mid-upload
 * gets the upstream request reset, never ended). An idempotent request without a body that
 * fails before any response byte arrived is retried once, on a fresh connection. A sampled request's response is
 * shown to its {@link ResponseTap} as it streams, for shadow comparison; nothing waits for the tap.
 */
final class Exchange {

    static final String ROUTE_HEADER = "X-Strangler-Upstream";
    static final String RULE_HEADER = "X-Strangler-Rule";

    private final HttpServerRequest request;
    private final Route route;
    private final UpstreamClient upstream;
    private final Consumer<MultiMap> headers;
    private final boolean hasBody;
    private final boolean revealRoute;
    private final ExchangeRecorder recorder;
    private final long maxBodyBytes;
    private final ResponseTap tap;
    private long started;
    private boolean answered;

    /**
     * The request was abandoned before the upstream answered (client gone, upstream reset or failed): its place in the
     * count of requests in flight ends only a grace later ({@link LingeringCount}).
     */
    private final Runnable closed;

    Exchange(HttpServerRequest request, Route route, UpstreamClient upstream, Consumer<MultiMap> headers,
             boolean revealRoute,
             ExchangeRecorder recorder, long maxBodyBytes, Runnable closed, ResponseTap tap) {
        this.closed = closed;
        this.tap = tap;
        this.maxBodyBytes = maxBodyBytes;
        this.request = request;
        this.route = route;
        this.upstream = upstream;
        this.headers = headers;
        this.hasBody = request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || (request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                    && !"0".equals(request.headers().get(HttpHeaders.CONTENT_LENGTH)));
        this.revealRoute = revealRoute;
        this.recorder = recorder;
    }

    void start() {
        started = System.nanoTime();
        send(false);
    }

    private void send(boolean retry) {
        upstream.open(request.method(), targetUri(), headers, retry).onComplete(opened -> {
            if (opened.failed()) {
                failed(opened.cause(), retry);
                return;
            }
            HttpClientRequest outgoing = opened.result();
            if (request.response().closed()) {
                // the client's connection ended while the upstream was being reached, for instance because the
                // decoder met a malformed chunk right after the head: nothing of the request may go upstream
                outgoing.reset();
                closed.run();
                return;
            }
            request.response().closeHandler(gone -> {
                outgoing.reset();
                closed.run();
            });
            outgoing.response().onComplete(answered -> {
                if (answered.succeeded()) {
                    respond(answered.result());
                } else {
                    failed(answered.cause(), retry || hasBody);
                }
            });
            if (hasBody) {
                boolean chunked = !request.headers().contains(HttpHeaders.CONTENT_LENGTH);
                outgoing.setChunked(chunked);
                ReadStream<Buffer> body = chunked && maxBodyBytes > 0
                        ? new LimitedBody(request, maxBodyBytes, () -> tooLarge(outgoing))
                        : request;
                body.pipe().endOnFailure(false).to(outgoing).onComplete(sent -> {
                    if (sent.succeeded()) {
                        waitForResponse(outgoing);
                    } else {
                        outgoing.reset();
                    }
                });
            } else {
                request.resume();
                outgoing.end().onSuccess(sent -> waitForResponse(outgoing));
            }
        });
    }

    /**
     * The response timeout starts once the whole request is sent: an upload may take longer than the upstream
     * may stay silent afterwards.
     */
    private void waitForResponse(HttpClientRequest outgoing) {
        outgoing.idleTimeout(upstream.settings().responseTimeout().toMillis());
    }

    /** A chunked body grew beyond the limit: the upstream request is abandoned and the client told 413. */
    private void tooLarge(HttpClientRequest outgoing) {
        answered = true;
        outgoing.reset();
        closed.run();
        recorder.record(route, 413, System.nanoTime() - started);
        Forwarder.answer(request, new Rejection(413, "Content Too Large"), true);
    }

    private String targetUri() {
        String uri = request.uri();
        if (uri.startsWith("/") || "*".equals(uri)) {
            return uri;
        }
        int authority = uri.indexOf("://") + 3;
        int path = uri.indexOf('/', authority);
        int query = uri.indexOf('?', authority);
        if (path < 0 && query < 0) {
            return "/";
        }
        if (path < 0 || (query >= 0 && query < path)) {
            return "/" + uri.substring(query);
        }
        return uri.substring(path);
    }

    private void respond(HttpClientResponse incoming) {
        if (answered) {
            return;
        }
        HttpServerResponse response = request.response();
        response.setStatusCode(incoming.statusCode());
        String reason = incoming.statusMessage();
        if (reason != null && !reason.equals(response.getStatusMessage())) {
            response.setStatusMessage(reason);
        }
        HopByHopHeaders.copyResponse(incoming.headers(), response.headers());
        boolean close = clientAskedToClose();
        if (close) {
            response.headers().set(HttpHeaders.CONNECTION, "close");
        }
        if (route.setCookie() != null) {
            response.headers().add(HttpHeaders.SET_COOKIE, route.setCookie());
        }
        if (revealRoute) {
            response.headers().set(ROUTE_HEADER, route.upstream().id()).set(RULE_HEADER, route.rule());
        }
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(incoming.statusCode())
                && request.version() == HttpVersion.HTTP_1_1) {
            response.setChunked(true);
        }
        ReadStream<Buffer> body = incoming;
        if (tap != null) {
            tap.head(incoming.statusCode(), incoming.headers());
            body = new TappedBody(incoming, tap);
        }
        body.pipe().endOnFailure(false).to(response).onComplete(done -> {
            recorder.record(route, incoming.statusCode(), System.nanoTime() - started);
            if (tap != null) {
                if (done.succeeded()) {
                    tap.ended();
                } else {
                    tap.failed();
                }
            }
            if (done.failed()) {
                request.connection().close();
            } else if (close) {
                request.connection().close();
            }
        });
    }

    private void failed(Throwable cause, boolean retried) {
        if (answered) {
            return;
        }
        HttpServerResponse response = request.response();
        if (response.headWritten() || response.closed()) {
            request.connection().close();
            return;
        }
        if (!retried && isIdempotent(request.method()) && !hasBody && !UpstreamFailure.isTimeout(cause)) {
            send(true);
            return;
        }
        closed.run();
        Rejection rejection = UpstreamFailure.of(cause);
        recorder.record(route, rejection.status(), System.nanoTime() - started);
        if (tap != null) {
            tap.failed();
        }
        Forwarder.answer(request, rejection, false);
    }

    private boolean mayHaveBody(int status) {
        return request.method() != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
    }

    private boolean clientAskedToClose() {
        String connection = request.headers().get(HttpHeaders.CONNECTION);
        if (connection == null) {
            return false;
        }
        for (String token : connection.split(",")) {
            if (token.trim().equalsIgnoreCase("close")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIdempotent(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    }
}
