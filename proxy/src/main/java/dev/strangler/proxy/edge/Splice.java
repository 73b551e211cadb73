package dev.strangler.proxy.edge;

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

/**
 * One side of a WebSocket tunnel after the upstream's {@code 101}: both channels have lost their HTTP codecs and
 * pass bytes to each other as they come, without parsing frames. Each side reads only while the other can take
 * more (back-pressure), and either side's end (close, failure, or the idle timeout) ends both, after what was
 * already read has been written.
 */
final class Splice extends ChannelInboundHandlerAdapter {

    private final Channel peer;

    private Splice(Channel peer) {
        this.peer = peer;
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
     * HTTP handlers (bytes a decoder still held go to the splice) and pass bytes both ways from now on.
     */
    static void take(Channel client, Channel upstream) {
        UpstreamHandler.of(upstream).bind(null);
        upstream.pipeline().remove("upstream");
        client.pipeline().remove("client");
        client.pipeline().remove("continue");
        join(client, upstream);
        upstream.pipeline().remove("codec");
        client.pipeline().remove("encoder");
        client.pipeline().remove("decoder");
    }

    private static void join(Channel client, Channel upstream) {
        client.pipeline().addLast("splice", new Splice(upstream));
        upstream.pipeline().addLast("splice", new Splice(client));
        for (Channel side : new Channel[] {client, upstream}) {
            side.config().setAutoRead(true);
            side.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
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
