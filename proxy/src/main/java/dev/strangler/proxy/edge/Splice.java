package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.FrameBoundary;
import dev.strangler.proxy.forward.Tunnels;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One side of a WebSocket tunnel after the upstream's {@code 101}: both channels have lost their HTTP codecs and
 * pass bytes to each other as they come, without parsing frames. Each side reads only while the other can take
 * more (back-pressure), and either side's end (close, failure, or the idle timeout) ends both, after what was
 * already read has been written. The upstream's side follows the frames toward the client ({@link FrameBoundary}),
 * so that {@link #restart()} can end the tunnel with a close frame {@code 1012 Service Restart} between two frames,
 * as the Vert.x plane's tunnel does; an upstream that stops mid-frame is cut off after
 * {@value #RESTART_GRACE_MILLIS} ms without one.
 */
final class Splice extends ChannelInboundHandlerAdapter implements Tunnels.Tunnel {

    private static final long RESTART_GRACE_MILLIS = 2000;
    private static final byte[] SERVICE_RESTART = {(byte) 0x88, 0x02, 0x03, (byte) 0xf4};

    private final Channel peer;
    private final FrameBoundary toPeer;
    private ChannelHandlerContext context;
    private boolean restarting;
    private boolean closed;

    private Splice(Channel peer, boolean towardClient) {
        this.peer = peer;
        this.toPeer = towardClient ? new FrameBoundary() : null;
    }

    /** A WebSocket handshake: relayed to the upstream, whose {@code 101} turns both connections into a tunnel. */
    static boolean isUpgrade(HttpRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        String connection = request.headers().get(HttpHeaderNames.CONNECTION);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket") && connection != null
                && connection.toLowerCase(Locale.ROOT).contains("upgrade") && HttpMethod.GET.equals(request.method());
    }

    /**
     * The upstream accepted the upgrade and its {@code 101} is on its way to the client: both channels drop their
     * HTTP handlers (bytes a decoder still held go to the splice) and pass bytes both ways from now on. Returns the
     * tunnel, which can be restarted.
     */
    static Splice take(Channel client, Channel upstream) {
        UpstreamHandler.of(upstream).bind(null);
        upstream.pipeline().remove("upstream");
        client.pipeline().remove("client");
        client.pipeline().remove("continue");
        Splice towardClient = join(client, upstream);
        upstream.pipeline().remove("codec");
        client.pipeline().remove("encoder");
        client.pipeline().remove("decoder");
        return towardClient;
    }

    private static Splice join(Channel client, Channel upstream) {
        Splice towardClient = new Splice(client, true);
        client.pipeline().addLast("splice", new Splice(upstream, false));
        upstream.pipeline().addLast("splice", towardClient);
        for (Channel side : new Channel[] {client, upstream}) {
            side.config().setAutoRead(true);
            side.read();
        }
        return towardClient;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    /** Ends the tunnel with 1012 at the next frame boundary toward the client; safe from any thread. */
    @Override
    public void restart() {
        context.executor().execute(() -> {
            if (closed || toPeer == null) {
                return;
            }
            restarting = true;
            if (toPeer.atBoundary()) {
                closeWithRestart();
            } else {
                context.executor().schedule(() -> {
                    closed = true;
                    context.close();
                    peer.close();
                }, RESTART_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void closeWithRestart() {
        if (closed) {
            return;
        }
        closed = true;
        peer.writeAndFlush(Unpooled.wrappedBuffer(SERVICE_RESTART)).addListener(written -> {
            peer.close();
            context.close();
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (toPeer != null && message instanceof ByteBuf bytes) {
            towardClient(ctx, bytes);
        } else {
            relay(ctx, message);
        }
    }

    /** Bytes from the upstream: followed frame by frame, and when restarting, passed on only up to a boundary. */
    private void towardClient(ChannelHandlerContext ctx, ByteBuf bytes) {
        if (closed) {
            bytes.release();
            return;
        }
        if (!restarting) {
            toPeer.advance(bytes);
            relay(ctx, bytes);
            return;
        }
        int end = toPeer.advanceToBoundary(bytes);
        ByteBuf head = bytes;
        if (end < bytes.readableBytes()) {
            head = bytes.readRetainedSlice(end);
            bytes.release();
        }
        relay(ctx, head);
        if (toPeer.atBoundary()) {
            closeWithRestart();
        }
    }

    private void relay(ChannelHandlerContext ctx, Object message) {
        if (peer.isActive()) {
            peer.write(message);
            if (!peer.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        } else {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        peer.config().setAutoRead(ctx.channel().isWritable());
        if (ctx.channel().isWritable()) {
            peer.read();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
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
}
