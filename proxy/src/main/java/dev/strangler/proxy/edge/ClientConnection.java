package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.Rejection;
import dev.strangler.rules.Upstream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The last handler of a client channel: takes one request at a time from the decoder and hands it to an
 * {@link EdgeExchange}; what arrives meanwhile beyond that request's body (a pipelined request) waits its turn.
 * A request the decoder could not parse is answered 400, 414 or 431 and the connection closed, since the rest of
 * the byte stream cannot be trusted.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

    /** Pipelined messages held before the connection stops reading. */
    private static final int MAX_WAITING = 16;

    private final EdgeRoutes routes;
    private final Map<Upstream, UpstreamPool> pools;
    private final ArrayDeque<HttpObject> waiting = new ArrayDeque<>();
    private ChannelHandlerContext context;
    private EdgeExchange current;
    private boolean closing;
    private ScheduledFuture<?> headTimer;
    private boolean reading;

    ClientConnection(EdgeRoutes routes, Map<Upstream, UpstreamPool> pools) {
        this.routes = routes;
        this.pools = pools;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        awaitHead();
        ctx.fireChannelActive();
    }

    /**
     * A client has {@code headerTimeout} to send a request head, from the connection or from its previous response
     * (slowloris); the connection is closed after it.
     */
    private void awaitHead() {
        headTimer = context.executor().schedule(() -> {
            if (current == null) {
                context.close();
            }
        }, routes.settings.limits().headerTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void headArrived() {
        if (headTimer != null) {
            headTimer.cancel(false);
            headTimer = null;
        }
    }

    /** True while a request is in hand: the plane's drain waits for these. */
    boolean busy() {
        return current != null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        reading = true;
        if (!(message instanceof HttpObject part) || closing) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (current == null) {
            begin(part);
        } else if (waiting.isEmpty() && current.takesBody() && part instanceof HttpContent content) {
            current.clientContent(content);
        } else {
            waiting.add(part);
            if (waiting.size() >= MAX_WAITING) {
                ctx.channel().config().setAutoRead(false);
            }
        }
    }

    private void begin(HttpObject part) {
        if (!(part instanceof HttpRequest request)) {
            // the rest of a body whose request was already answered
            ReferenceCountUtil.release(part);
            return;
        }
        headArrived();
        Rejection rejection = request.decoderResult().isFailure() ? invalid(request.decoderResult().cause())
                : routes.screen.check(request);
        if (rejection != null) {
            routes.recorder.record(null, rejection.status(), 0);
            answer(context.channel(), rejection, true, HttpVersion.HTTP_1_1);
            closing = true;
            return;
        }
        context.channel().config().setAutoRead(false);
        current = new EdgeExchange(this, context.channel(), routes, pools, request);
        current.start();
    }

    /** A request the decoder could not parse at all: 414, 431 or 400. */
    private static Rejection invalid(Throwable cause) {
        return cause instanceof TooLongHttpLineException ? new Rejection(414, "URI Too Long")
                : cause instanceof TooLongHttpHeaderException ? new Rejection(431, "Request Header Fields Too Large")
                : Rejection.badRequest("Bad Request");
    }

    /** The exchange in hand is over; {@code close}: its response said the connection ends with it. */
    void exchangeEnded(boolean close) {
        current = null;
        if (close) {
            closing = true;
            waiting.forEach(ReferenceCountUtil::release);
            waiting.clear();
            return;
        }
        while (!waiting.isEmpty()) {
            HttpObject next = waiting.poll();
            if (current == null) {
                begin(next);
            } else if (current.takesBody() && next instanceof HttpContent content) {
                current.clientContent(content);
            } else {
                waiting.addFirst(next);
                return;
            }
        }
        if (current == null && !closing) {
            awaitHead();
            context.channel().config().setAutoRead(true);
            context.read();
        }
    }

    boolean draining() {
        return routes.draining();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (current != null) {
            current.clientReadComplete();
        }
    }

    /**
     * Whether a read of this connection is being decoded right now: what is written upstream meanwhile is flushed
     * once at its end, so a request's head and the body that came with it leave in one segment.
     */
    boolean reading() {
        return reading;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.clientWritable(ctx.channel().isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        headArrived();
        if (current != null) {
            current.clientGone();
            current = null;
        }
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Sends the proxy's own short answer; with {@code close}, the connection ends after it. */
    static void answer(Channel channel, Rejection rejection, boolean close, HttpVersion version) {
        ByteBuf body = Unpooled.copiedBuffer(rejection.reason() + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(version,
                HttpResponseStatus.valueOf(rejection.status()), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (rejection.retryAfter() != null) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, rejection.retryAfterSeconds());
        }
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
        channel.writeAndFlush(response)
                .addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
    }
}
