package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.Admission;
import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.proxy.forward.Route;
import dev.strangler.rules.Upstream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One request on its way through the Netty plane, on its client channel's event loop from start to end. The
 * request is let in as in the Vert.x plane ({@code Admission}: routed, decided again while the decision goes stale,
 * counted among its user's requests in flight, watched by an {@link ExchangeWatch}), its head edited in place and written to a pooled upstream channel of
 * the same loop; body parts are passed on as they come (each side's {@code autoRead} follows the other side's
 * writability: back-pressure without buffering), and so is the response. Failures follow the Vert.x plane's
 * {@code Exchange}: before the response started, 502 or 504 (an idempotent request without a body is first
 * retried once on a fresh connection, unless the upstream was too slow); after it started, the client connection
 * is closed so that a truncated body never looks complete.
 */
final class EdgeExchange implements UpstreamExchange {

    private final ClientConnection connection;
    private final Channel client;
    private final EdgeRoutes routes;
    private final Map<Upstream, UpstreamPool> pools;
    private final HttpRequest request;
    private final HttpVersion version;
    private final boolean keepAlive;
    private final boolean upgrade;
    private final RequestBody body;
    private boolean edited;
    private Route route;
    private ExchangeWatch watch;
    private UpstreamPool pool;
    private Channel upstream;
    private boolean fresh;
    private boolean responseStarted;
    private boolean responseDone;
    private boolean reusable;
    private boolean closeAfter;
    private boolean ended;
    private int status;
    private ResponseTimer timer;

    EdgeExchange(ClientConnection connection, Channel client, EdgeRoutes routes, Map<Upstream, UpstreamPool> pools,
                 HttpRequest request) {
        this.connection = connection;
        this.client = client;
        this.routes = routes;
        this.pools = pools;
        this.request = request;
        this.version = request.protocolVersion();
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.body = new RequestBody(request.headers(), routes.settings.limits().maxBodyBytes());
        this.upgrade = Splice.isUpgrade(request);
    }

    void start() {
        RequestHead head = EdgeResolution.head(request, client);
        routes.admission.admit(head, this::onLoop, outcome -> admitted(outcome, head));
    }

    private void onLoop(Runnable step) {
        if (client.eventLoop().inEventLoop()) {
            step.run();
        } else {
            client.eventLoop().execute(step);
        }
    }

    /** True until the request's last body part arrived: parts read meanwhile belong to this exchange. */
    boolean takesBody() {
        return !body.complete();
    }

    private void admitted(Admission.Outcome outcome, RequestHead head) {
        if (outcome instanceof Admission.Refused refused) {
            if (!ended) {
                routes.recorder.record(null, refused.rejection().status(), 0);
                answer(refused.rejection(), true);
            }
            return;
        }
        Admission.Admitted admitted = (Admission.Admitted) outcome;
        if (ended) {
            // the client went away while the request was decided: nothing of it went upstream
            admitted.left().run();
            return;
        }
        route = admitted.route();
        pool = pools.get(route.upstream());
        watch = new ExchangeWatch(routes, admitted, head, upgrade, pool.settings().responseTimeout());
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
            routes.headers.editRequestHead(request, EdgeResolution.peer(client), pool.settings().authority(),
                    body.chunked(), upgrade);
            watch.headEdited(request.headers());
        }
        channel.write(request);
        if (retry && !upgrade) {
            channel.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        body.drainTo(channel);
        if (body.complete() || !connection.reading()) {
            channel.flush();
        }
        if (body.complete()) {
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
        RequestBody.Part taken = body.take(part);
        if (taken == RequestBody.Part.MALFORMED) {
            abort();
            return;
        }
        if (taken == RequestBody.Part.TOO_LARGE) {
            tooLarge();
            return;
        }
        boolean last = taken == RequestBody.Part.LAST;
        if (upstream == null) {
            body.hold(part);
            return;
        }
        upstream.write(part);
        if (last) {
            upstream.flush();
            if (responseDone) {
                complete();
            } else {
                sent();
            }
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
        body.discard();
        detachUpstream(false);
        if (watch != null) {
            watch.abandoned();
        }
    }

    /** The whole request is sent: from now on the upstream's silence is timed. */
    private void sent() {
        timer = new ResponseTimer(client.eventLoop(), pool.settings().responseTimeout(), () -> {
            if (!ended && upstream != null) {
                detachUpstream(false);
                failed(new TimeoutException("the upstream stayed silent for " + pool.settings().responseTimeout()));
            }
        });
        timer.start();
    }

    private void cancelTimeout() {
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public void upstreamRead(HttpObject part) {
        if (timer != null) {
            timer.heard();
        }
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
                watch.chunk(content);
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
        boolean switching = upgrade && status == 101;
        watch.responded(status, response.headers());
        closeAfter = routes.headers.editResponse(response, route, version, HttpMethod.HEAD.equals(request.method()),
                !keepAlive || connection.draining() || upgrade, switching);
        client.write(response);
    }

    private void finished(HttpContent last) {
        EdgeHeaders.dropTrailers((LastHttpContent) last);
        cancelTimeout();
        watch.chunk(last);
        watch.record(status);
        if (upgrade && status == 101) {
            ended = true;
            client.writeAndFlush(last);
            Channel channel = upstream;
            upstream = null;
            watch.tunnelOpened(client, Splice.take(client, channel));
            return;
        }
        client.writeAndFlush(last).addListener(closeAfter ? ChannelFutureListener.CLOSE
                : ChannelFutureListener.CLOSE_ON_FAILURE);
        responseDone = true;
        watch.responseEnded();
        if (body.complete()) {
            complete();
        }
    }

    /**
     * Both messages are through. An upstream that answered before the whole body arrived (an upload it refused
     * unread) still gets the rest, so that its connection, and the client's, stay usable.
     */
    private void complete() {
        ended = true;
        detachUpstream(reusable && !fresh);
        connection.exchangeEnded(closeAfter);
    }

    @Override
    public void upstreamReadComplete() {
        client.flush();
    }

    @Override
    public void upstreamWritable(boolean writable) {
        if (!body.complete() && !ended) {
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
            // mid-response the client must not take a truncated body for a whole one; after it (the upstream went
            // away while the rest of an upload came in) the body has nowhere to go
            ended = true;
            if (!responseDone) {
                watch.record(status);
            }
            watch.abandoned();
            client.close();
            return;
        }
        if (!fresh && !body.present() && !upgrade && EdgeFailure.mayRetry(request.method(), cause)) {
            send(true);
            return;
        }
        Rejection rejection = EdgeFailure.of(cause);
        watch.record(rejection.status());
        watch.abandoned();
        answer(rejection, !body.complete() || upgrade);
    }

    /** A chunked body grew beyond the limit: the upstream request is abandoned and the client told 413. */
    private void tooLarge() {
        detachUpstream(false);
        if (watch == null) {
            routes.recorder.record(null, 413, 0);
        } else {
            watch.record(413);
            watch.abandoned();
        }
        answer(new Rejection(413, "Content Too Large"), true);
    }

    /** A malformed body part: nothing more of this connection can be trusted. */
    private void abort() {
        ended = true;
        cancelTimeout();
        detachUpstream(false);
        if (watch != null) {
            watch.abandoned();
        }
        client.close();
    }

    private void answer(Rejection rejection, boolean close) {
        ended = true;
        cancelTimeout();
        body.discard();
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

}
