package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.Route;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The upstream's answer to one {@link EdgeExchange} on its way to the client: interim {@code 1xx} answers dropped
 * (a WebSocket handshake's {@code 101} excepted), the head edited in place ({@link EdgeHeaders}) and shown to the
 * {@link ExchangeWatch}, body parts passed on as they come, the upstream read only while the client can take more,
 * and the last part written with its trailer fields dropped. Holds what the exchange asks of the answer: whether it
 * started, ended, keeps the upstream connection reusable, and closes the client's. Used from the client channel's
 * event loop only.
 */
final class ResponseRelay {

    private final Channel client;
    private final EdgeRoutes routes;
    private final HttpRequest request;
    private final HttpVersion version;
    private final boolean upgrade;
    private final boolean keepAlive;
    private final ExchangeWatch watch;
    private boolean started;
    private boolean done;
    private boolean reusable;
    private boolean closeAfter;
    private int status;

    /**
     * Made before the request's head is edited for the upstream: {@code version} is the client's, and so is the
     * request's keep-alive.
     */
    ResponseRelay(Channel client, EdgeRoutes routes, HttpRequest request, HttpVersion version, boolean upgrade,
                  ExchangeWatch watch) {
        this.client = client;
        this.routes = routes;
        this.request = request;
        this.version = version;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.upgrade = upgrade;
        this.watch = watch;
    }

    /**
     * The answer's head: edited and written, unless it is an interim answer (released; false). With {@code draining},
     * the client's connection ends after this answer whatever the upstream says, as it does when the client asked.
     */
    boolean head(HttpResponse response, Route route, boolean draining) {
        boolean switching = upgrade && response.status().code() == 101;
        if (!switching && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            ReferenceCountUtil.release(response);
            return false;
        }
        started = true;
        status = response.status().code();
        reusable = HttpUtil.isKeepAlive(response);
        watch.responded(status, response.headers());
        closeAfter = routes.headers.editResponse(response, route, version,
                HttpMethod.HEAD.equals(request.method()), !keepAlive || draining || upgrade, switching);
        client.write(response);
        return true;
    }

    /** A body part, passed on; the upstream stops being read while the client cannot take more. */
    void part(HttpContent part, Channel upstream) {
        watch.chunk(part);
        client.write(part);
        if (!client.isWritable()) {
            upstream.config().setAutoRead(false);
        }
    }

    /**
     * The last part (trailers dropped), recorded and flushed; the answer is done unless it opens a tunnel, and the
     * client's connection closes after it when the answer said so (or if the write fails).
     */
    void last(LastHttpContent last) {
        EdgeHeaders.dropTrailers(last);
        watch.chunk(last);
        watch.record(status);
        done = !switching();
        if (done) {
            client.writeAndFlush(last).addListener(closeAfter ? ChannelFutureListener.CLOSE
                    : ChannelFutureListener.CLOSE_ON_FAILURE);
        } else {
            client.writeAndFlush(last);
        }
    }

    /**
     * The upstream failed mid-answer (or, after it, while the rest of an upload came in): the client must not take a
     * truncated body for a whole one, so its connection closes; the request counts as abandoned.
     */
    void broken() {
        if (started && !done) {
            watch.record(status);
        }
        watch.abandoned();
        client.close();
    }

    /** The upstream accepted a WebSocket handshake: the connections become a tunnel after this answer. */
    boolean switching() {
        return upgrade && status == 101;
    }

    boolean started() {
        return started;
    }

    boolean done() {
        return done;
    }

    /** The upstream connection may carry another request once both messages ended. */
    boolean reusable() {
        return reusable;
    }

    /** The client's connection closes after this answer. */
    boolean closeAfter() {
        return closeAfter;
    }
}
