package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.Resolution;
import dev.strangler.proxy.forward.Route;
import dev.strangler.rules.Upstream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request on its way through the Netty plane, on its client channel's event loop from start to end. The
 * request's head is routed ({@link EdgeResolution}), edited in place and written to a pooled upstream channel of
 * the same loop; body parts are passed on as they come (each side's {@code autoRead} follows the other side's
 * writability: back-pressure without buffering), and so is the response. Failures follow the Vert.x plane's
 * {@code Exchange}: before the response started, 502 or 504 (an idempotent request without a body is first
 * retried once on a fresh connection, unless the upstream was too slow); after it started, the client connection
 * is closed so that a truncated body never looks complete.
 */
final class EdgeExchange implements UpstreamExchange {

    static final String ROUTE_HEADER = "X-Strangler-Upstream";
    static final String RULE_HEADER = "X-Strangler-Rule";

    private final ClientConnection connection;
    private final Channel client;
    private final EdgeRoutes routes;
    private final Map<Upstream, UpstreamPool> pools;
    private final HttpRequest request;
    private final HttpVersion version;
    private final boolean keepAlive;
    private final boolean hasBody;
    private final boolean chunkedBody;
    private final boolean upgrade;
    private final ArrayDeque<HttpContent> body = new ArrayDeque<>(2);
    private boolean bodyComplete;
    private boolean edited;
    private Route route;
    private UpstreamPool pool;
    private Channel upstream;
    private boolean fresh;
    private boolean responseStarted;
    private boolean reusable;
    private boolean closeAfter;
    private boolean ended;
    private int status;
    private long bodyBytes;
    private long started;
    private long lastUpstreamRead;
    private ScheduledFuture<?> timeout;

    EdgeExchange(ClientConnection connection, Channel client, EdgeRoutes routes, Map<Upstream, UpstreamPool> pools,
                 HttpRequest request) {
        this.connection = connection;
        this.client = client;
        this.routes = routes;
        this.pools = pools;
        this.request = request;
        this.version = request.protocolVersion();
        this.keepAlive = HttpUtil.isKeepAlive(request);
        HttpHeaders headers = request.headers();
        boolean transferEncoding = headers.contains(HttpHeaderNames.TRANSFER_ENCODING);
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        this.hasBody = transferEncoding || (length != null && !"0".equals(length));
        this.chunkedBody = hasBody && length == null;
        this.upgrade = isUpgrade(request);
    }

    /** A WebSocket handshake: relayed to the upstream, whose {@code 101} turns both connections into a tunnel. */
    private static boolean isUpgrade(HttpRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        String connection = request.headers().get(HttpHeaderNames.CONNECTION);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket") && connection != null
                && connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade")
                && HttpMethod.GET.equals(request.method());
    }

    void start() {
        EdgeResolution.resolve(routes, request, client).onComplete(resolved -> {
            if (client.eventLoop().inEventLoop()) {
                routed(resolved.result());
            } else {
                client.eventLoop().execute(() -> routed(resolved.result()));
            }
        });
    }

    /** True until the request's last body part arrived: parts read meanwhile belong to this exchange. */
    boolean takesBody() {
        return !bodyComplete;
    }

    private void routed(Resolution resolution) {
        if (ended) {
            return;
        }
        if (resolution instanceof Rejection refused) {
            routes.recorder.record(null, refused.status(), 0);
            answer(refused, true);
            return;
        }
        route = (Route) resolution;
        pool = pools.get(route.upstream());
        started = System.nanoTime();
        send(upgrade);
    }

    private void send(boolean retry) {
        fresh = retry;
        pool.lease(this, retry).addListener(leased -> {
            if (leased.isSuccess()) {
                connected((Channel) leased.getNow(), retry);
            } else {
                failed(leased.cause());
            }
        });
    }

    private void connected(Channel channel, boolean retry) {
        if (ended || !client.isActive()) {
            pool.release(channel, false);
            return;
        }
        upstream = channel;
        if (!edited) {
            edited = true;
            request.setUri(EdgeResolution.originForm(request.uri()));
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
            routes.headers.editRequest(request.headers(), peer(), false, pool.settings().authority());
            if (chunkedBody) {
                HttpUtil.setTransferEncodingChunked(request, true);
            }
            if (upgrade) {
                request.headers().set(HttpHeaderNames.CONNECTION, "Upgrade").set(HttpHeaderNames.UPGRADE, "websocket");
            }
        }
        channel.write(request);
        if (retry && !upgrade) {
            channel.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        HttpContent part;
        while ((part = body.poll()) != null) {
            channel.write(part);
        }
        channel.flush();
        if (bodyComplete) {
            sent();
        } else {
            client.config().setAutoRead(channel.isWritable());
            client.read();
        }
    }

    void clientContent(HttpContent part) {
        if (ended) {
            ReferenceCountUtil.release(part);
            return;
        }
        if (part.decoderResult().isFailure()) {
            ReferenceCountUtil.release(part);
            abort();
            return;
        }
        bodyBytes += part.content().readableBytes();
        long limit = routes.settings.limits().maxBodyBytes();
        if (chunkedBody && limit > 0 && bodyBytes > limit) {
            ReferenceCountUtil.release(part);
            tooLarge();
            return;
        }
        boolean last = part instanceof LastHttpContent;
        if (last) {
            dropTrailers((LastHttpContent) part);
        }
        bodyComplete |= last;
        if (upstream == null) {
            body.add(part);
            return;
        }
        upstream.write(part);
        if (last) {
            upstream.flush();
            sent();
        } else if (!upstream.isWritable()) {
            client.config().setAutoRead(false);
        }
    }

    void clientReadComplete() {
        if (upstream != null && !ended) {
            upstream.flush();
        }
    }

    void clientWritable(boolean writable) {
        if (upstream != null) {
            upstream.config().setAutoRead(writable);
        }
    }

    /** The client's connection closed: the upstream request is abandoned, never completed. */
    void clientGone() {
        ended = true;
        cancelTimeout();
        body.forEach(ReferenceCountUtil::release);
        body.clear();
        detachUpstream(false);
    }

    /** The response timeout starts once the whole request is sent, and restarts with every byte of the answer. */
    private void sent() {
        lastUpstreamRead = System.nanoTime();
        long nanos = pool.settings().responseTimeout().toNanos();
        timeout = client.eventLoop().schedule(this::checkTimeout, nanos, TimeUnit.NANOSECONDS);
    }

    private void checkTimeout() {
        if (ended || upstream == null) {
            return;
        }
        long left = pool.settings().responseTimeout().toNanos() - (System.nanoTime() - lastUpstreamRead);
        if (left > 0) {
            timeout = client.eventLoop().schedule(this::checkTimeout, left, TimeUnit.NANOSECONDS);
            return;
        }
        detachUpstream(false);
        failed(new TimeoutException("the upstream stayed silent for " + pool.settings().responseTimeout()));
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    @Override
    public void upstreamRead(HttpObject part) {
        lastUpstreamRead = System.nanoTime();
        if (ended) {
            ReferenceCountUtil.release(part);
            return;
        }
        if (part.decoderResult().isFailure()) {
            ReferenceCountUtil.release(part);
            detachUpstream(false);
            failed(part.decoderResult().cause());
            return;
        }
        if (part instanceof HttpResponse response) {
            boolean switching = upgrade && response.status().code() == 101;
            if (!switching
                    && response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
                ReferenceCountUtil.release(part);
                return;
            }
            respond(response);
        }
        if (part instanceof HttpContent content) {
            if (content instanceof LastHttpContent) {
                finished(content);
            } else {
                client.write(content);
                if (!client.isWritable()) {
                    upstream.config().setAutoRead(false);
                }
            }
        }
    }

    private void respond(HttpResponse response) {
        responseStarted = true;
        status = response.status().code();
        reusable = HttpUtil.isKeepAlive(response);
        HttpHeaders headers = response.headers();
        EdgeHeaders.editResponse(headers);
        closeAfter = !keepAlive || connection.draining() || upgrade;
        if (upgrade && status == 101) {
            headers.set(HttpHeaderNames.CONNECTION, "Upgrade").set(HttpHeaderNames.UPGRADE, "websocket");
            response.setProtocolVersion(version);
            client.write(response);
            return;
        }
        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && mayHaveBody(status)) {
            if (version.equals(HttpVersion.HTTP_1_1)) {
                HttpUtil.setTransferEncodingChunked(response, true);
            } else {
                closeAfter = true;
            }
        }
        if (closeAfter) {
            headers.set(HttpHeaderNames.CONNECTION, "close");
        }
        if (route.setCookie() != null) {
            headers.add(HttpHeaderNames.SET_COOKIE, route.setCookie());
        }
        if (routes.settings.revealRoute()) {
            headers.set(ROUTE_HEADER, route.upstream().id()).set(RULE_HEADER, route.rule());
        }
        response.setProtocolVersion(version);
        client.write(response);
    }

    private void finished(HttpContent last) {
        dropTrailers((LastHttpContent) last);
        ended = true;
        cancelTimeout();
        routes.recorder.record(route, status, System.nanoTime() - started);
        if (upgrade && status == 101) {
            client.writeAndFlush(last);
            tunnel();
            return;
        }
        boolean close = closeAfter || !bodyComplete;
        client.writeAndFlush(last).addListener(close ? ChannelFutureListener.CLOSE
                : ChannelFutureListener.CLOSE_ON_FAILURE);
        detachUpstream(reusable && bodyComplete && !fresh);
        connection.exchangeEnded(close);
    }

    @Override
    public void upstreamReadComplete() {
        client.flush();
    }

    @Override
    public void upstreamWritable(boolean writable) {
        if (!bodyComplete && !ended) {
            client.config().setAutoRead(writable);
            if (writable) {
                client.read();
            }
        }
    }

    @Override
    public void upstreamFailed(Throwable cause) {
        if (ended) {
            return;
        }
        upstream = null;
        failed(cause);
    }

    private void failed(Throwable cause) {
        if (ended) {
            return;
        }
        cancelTimeout();
        detachUpstream(false);
        if (responseStarted) {
            ended = true;
            routes.recorder.record(route, status, System.nanoTime() - started);
            client.close();
            return;
        }
        boolean timedOut = isTimeout(cause);
        if (!fresh && !hasBody && !upgrade && isIdempotent(request.method()) && !timedOut) {
            send(true);
            return;
        }
        Rejection rejection = timedOut ? new Rejection(504, "Gateway Timeout") : new Rejection(502, "Bad Gateway");
        routes.recorder.record(route, rejection.status(), System.nanoTime() - started);
        answer(rejection, !bodyComplete || upgrade);
    }

    /** A chunked body grew beyond the limit: the upstream request is abandoned and the client told 413. */
    private void tooLarge() {
        detachUpstream(false);
        routes.recorder.record(route, 413, route == null ? 0 : System.nanoTime() - started);
        answer(new Rejection(413, "Content Too Large"), true);
    }

    /** A malformed body part: nothing more of this connection can be trusted. */
    private void abort() {
        ended = true;
        cancelTimeout();
        detachUpstream(false);
        client.close();
    }

    private void answer(Rejection rejection, boolean close) {
        ended = true;
        cancelTimeout();
        body.forEach(ReferenceCountUtil::release);
        body.clear();
        if (responseStarted) {
            client.close();
            return;
        }
        ClientConnection.answer(client, rejection, close, version);
        connection.exchangeEnded(close);
    }

    /** Lets the upstream channel go: back to its pool when {@code reusable}, else closed. */
    private void detachUpstream(boolean reusable) {
        Channel channel = upstream;
        upstream = null;
        if (channel != null) {
            pool.release(channel, reusable);
        }
    }

    /** The upstream accepted the upgrade: both channels drop HTTP and pass bytes both ways from now on. */
    private void tunnel() {
        Channel channel = upstream;
        upstream = null;
        UpstreamHandler.of(channel).bind(null);
        channel.pipeline().remove("upstream");
        client.pipeline().remove("client");
        client.pipeline().remove("continue");
        Splice.join(client, channel);
        channel.pipeline().remove("codec");
        client.pipeline().remove("encoder");
        client.pipeline().remove("decoder");
    }

    /** Trailer fields are not forwarded either way: the framing of each side is the proxy's own. */
    private static void dropTrailers(LastHttpContent last) {
        if (!last.trailingHeaders().isEmpty()) {
            last.trailingHeaders().clear();
        }
    }

    private String peer() {
        return client.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : "unknown";
    }

    private boolean mayHaveBody(int code) {
        return !HttpMethod.HEAD.equals(request.method()) && code >= 200 && code != 204 && code != 304;
    }

    private static boolean isIdempotent(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method);
    }

    private static boolean isTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
