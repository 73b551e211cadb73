package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.Admission;
import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.proxy.forward.Route;
import dev.strangler.rules.Upstream;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;

/**
 * One request on its way through the Netty plane, on its client channel's event loop from start to end. The
 * request is let in as in the Vert.x plane ({@code Admission}: routed, decided again while the decision goes stale,
 * counted among its user's requests in flight, watched by an {@link ExchangeWatch}), its head edited in place and
 * written to an upstream channel of the same loop ({@link UpstreamLeg}); body parts are passed on as they come (each
 * side's {@code autoRead} follows the other side's writability: back-pressure without buffering), and so is the
 * answer ({@link ResponseRelay}). Failures follow the Vert.x plane's {@code Exchange}: before the answer started, 502
 * or 504 (an idempotent request without a body is first retried once on a fresh connection, unless the upstream was
 * too slow); after it started, the client connection is closed so that a truncated body never looks complete.
 */
final class EdgeExchange implements UpstreamExchange {

    private final ClientConnection connection;
    private final Channel client;
    private final EdgeRoutes routes;
    private final Map<Upstream, UpstreamPool> pools;
    private final HttpRequest request;
    private final HttpVersion version;
    private final boolean upgrade;
    private final RequestBody body;
    private boolean edited;
    private boolean ended;
    private Route route;
    private ExchangeWatch watch;
    private UpstreamLeg leg;
    private ResponseRelay response;

    EdgeExchange(ClientConnection connection, Channel client, EdgeRoutes routes, Map<Upstream, UpstreamPool> pools,
                 HttpRequest request) {
        this.connection = connection;
        this.client = client;
        this.routes = routes;
        this.pools = pools;
        this.request = request;
        this.version = request.protocolVersion();
        this.body = new RequestBody(request.headers(), routes.settings.limits().maxBodyBytes());
        this.upgrade = Splice.isUpgrade(request);
    }

    void start() {
        RequestHead head = EdgeResolution.head(request, client);
        routes.admission.admit(head, EdgeResolution.onLoopOf(client), outcome -> admitted(outcome, head));
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
        leg = new UpstreamLeg(pools.get(route.upstream()));
        watch = new ExchangeWatch(routes, admitted, head, upgrade, leg.responseTimeout());
        response = new ResponseRelay(client, routes, request, version, upgrade, watch);
        send(upgrade);
    }

    private void send(boolean fresh) {
        leg.lease(this, fresh).addListener(leased -> {
            if (leased.isSuccess()) {
                connected((Channel) leased.getNow(), fresh);
            } else {
                failed(leased.cause());
            }
        });
    }

    private void connected(Channel channel, boolean retry) {
        if (ended || !client.isActive()) {
            leg.discard(channel);
            return;
        }
        leg.attach(channel);
        if (!edited) {
            edited = true;
            routes.headers.editRequestHead(request, EdgeResolution.peer(client), leg.authority(), body.chunked(),
                    upgrade);
            watch.headEdited(request.headers());
        }
        leg.writeRequest(request, body, retry && !upgrade, connection.reading());
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
        RequestBody.Part taken = body.pass(part, leg == null ? null : leg.channel(), client);
        if (taken == RequestBody.Part.MALFORMED) {
            abort();
        } else if (taken == RequestBody.Part.TOO_LARGE) {
            tooLarge();
        } else if (taken == RequestBody.Part.LAST && leg != null && leg.channel() != null) {
            if (response.done()) {
                complete();
            } else {
                sent();
            }
        }
    }

    void clientReadComplete() {
        if (leg != null && !ended) {
            leg.flush();
        }
    }

    void clientWritable(boolean writable) {
        if (leg != null) {
            leg.readWhile(writable);
        }
    }

    /** The client's connection closed: the upstream request is abandoned, never completed. */
    void clientGone() {
        ended = true;
        body.discard();
        abandonUpstream();
    }

    /** The upstream request is abandoned: its channel closed, its place in the count lingering. */
    private void abandonUpstream() {
        if (leg != null) {
            leg.release(false);
            watch.abandoned();
        }
    }

    /** The whole request is sent: from now on the upstream's silence is timed. */
    private void sent() {
        leg.timeSilence(silence -> {
            if (!ended && leg.channel() != null) {
                leg.release(false);
                failed(silence);
            }
        });
    }

    @Override
    public void upstreamRead(HttpObject part) {
        leg.heard();
        if (ended) {
            ReferenceCountUtil.release(part);
            return;
        }
        if (part.decoderResult().isFailure()) {
            ReferenceCountUtil.release(part);
            leg.release(false);
            failed(part.decoderResult().cause());
            return;
        }
        if (part instanceof HttpResponse head
                && !response.head(head, route, connection.draining())) {
            return;
        }
        if (part instanceof LastHttpContent last) {
            finished(last);
        } else if (part instanceof HttpContent content) {
            response.part(content, leg.channel());
        }
    }

    private void finished(LastHttpContent last) {
        leg.cancelTimer();
        if (response.switching()) {
            ended = true;
            response.last(last);
            watch.tunnelOpened(client, Splice.take(client, leg.take()));
            return;
        }
        response.last(last);
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
        leg.release(response.reusable());
        connection.exchangeEnded(response.closeAfter());
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
        leg.take();
        failed(cause);
    }

    private void failed(Throwable cause) {
        if (ended) {
            return;
        }
        leg.release(false);
        if (response.started()) {
            ended = true;
            response.broken();
            return;
        }
        if (!leg.fresh() && !body.present() && !upgrade && EdgeFailure.mayRetry(request.method(), cause)) {
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
        if (watch == null) {
            routes.recorder.record(null, 413, 0);
        } else {
            watch.record(413);
        }
        abandonUpstream();
        answer(new Rejection(413, "Content Too Large"), true);
    }

    /** A malformed body part: nothing more of this connection can be trusted. */
    private void abort() {
        ended = true;
        abandonUpstream();
        client.close();
    }

    private void answer(Rejection rejection, boolean close) {
        ended = true;
        body.discard();
        if (response != null && response.started()) {
            client.close();
            return;
        }
        ClientConnection.answer(client, rejection, close, version);
        connection.exchangeEnded(close);
    }
}
