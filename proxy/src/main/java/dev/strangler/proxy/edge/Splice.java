package dev.strangler.proxy.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

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

    /** Turns two channels on the same event loop, already stripped of HTTP, into one tunnel. */
    static void join(Channel client, Channel upstream) {
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
