package dev.strangler.proxy.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * The last handler of an upstream channel: hands what the channel decodes to the exchange that leased it, and
 * drops what arrives while it sits idle in its pool (an upstream must not speak unasked; the channel is closed).
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private UpstreamExchange exchange;

    static UpstreamHandler of(Channel channel) {
        return (UpstreamHandler) channel.pipeline().get("upstream");
    }

    void bind(UpstreamExchange leasedTo) {
        this.exchange = leasedTo;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        UpstreamExchange current = exchange;
        if (current != null && message instanceof HttpObject part) {
            current.upstreamRead(part);
        } else {
            ReferenceCountUtil.release(message);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.upstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.upstreamWritable(ctx.channel().isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamExchange current = exchange;
        exchange = null;
        if (current != null) {
            current.upstreamFailed(new IOException("the upstream closed the connection"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamExchange current = exchange;
        exchange = null;
        ctx.close();
        if (current != null) {
            current.upstreamFailed(cause);
        }
    }
}
