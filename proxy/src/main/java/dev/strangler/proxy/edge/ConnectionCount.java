package dev.strangler.proxy.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * On the server channel, ahead of Netty's acceptor: counts client connections in the order they are accepted (their
 * own event loops would see them in any order) and marks each one beyond the limit, which is then closed unserved
 * ({@link Refusal}).
 */
@ChannelHandler.Sharable
final class ConnectionCount extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("strangler.refused");

    private final AtomicInteger open;
    private final int limit;

    ConnectionCount(AtomicInteger open, int limit) {
        this.open = open;
        this.limit = limit;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        Channel accepted = (Channel) message;
        if (open.incrementAndGet() > limit) {
            open.decrementAndGet();
            accepted.attr(REFUSED).set(Boolean.TRUE);
        } else {
            accepted.closeFuture().addListener(closed -> open.decrementAndGet());
        }
        ctx.fireChannelRead(accepted);
    }

    static boolean refused(Channel channel) {
        return channel.hasAttr(REFUSED);
    }

    /**
     * Ends a refused connection without a reset: sends FIN at once, drops what the client sent meanwhile, and
     * closes once the client closed its side (or after a second). Closing with unread bytes would reset the
     * connection, and the client might never see the end.
     */
    static final class Refusal extends ChannelInboundHandlerAdapter {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), 1, TimeUnit.SECONDS);
            } else {
                ctx.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ReferenceCountUtil.release(message);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
