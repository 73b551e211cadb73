package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.UpstreamSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;

/**
 * The keep-alive connections of one event loop to one upstream. Every channel lives on the loop of the client
 * connections it serves, so nothing hops threads on the way through. A lease takes the most recently used open
 * channel, or connects a new one; a fresh lease (the one retry of an idempotent request) always connects and its
 * channel is closed after its exchange. At most {@code poolSize} idle channels are kept; the rest are closed.
 * Used from its event loop only.
 */
final class UpstreamPool {

    private final EventLoop loop;
    private final UpstreamSettings settings;
    private final Bootstrap bootstrap;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();

    UpstreamPool(EventLoop loop, UpstreamSettings settings, ChannelFactory<? extends Channel> channels) {
        this.loop = loop;
        this.settings = settings;
        this.bootstrap = new Bootstrap().group(loop).channelFactory(channels)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast("codec", new HttpClientCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(8 * 1024).setMaxHeaderSize(32 * 1024)
                                .setMaxChunkSize(EdgePlane.CHUNK_SIZE), false, false));
                        channel.pipeline().addLast("upstream", new UpstreamHandler());
                    }
                });
    }

    UpstreamSettings settings() {
        return settings;
    }

    /** An open channel for {@code exchange}: pooled unless {@code fresh}. */
    Future<Channel> lease(UpstreamExchange exchange, boolean fresh) {
        if (!fresh) {
            Channel channel;
            while ((channel = idle.pollLast()) != null) {
                if (channel.isActive()) {
                    UpstreamHandler.of(channel).bind(exchange);
                    return loop.newSucceededFuture(channel);
                }
            }
        }
        io.netty.util.concurrent.Promise<Channel> leased = loop.newPromise();
        bootstrap.connect(settings.origin().getHost(), settings.port()).addListener(connected -> {
            Channel channel = ((io.netty.channel.ChannelFuture) connected).channel();
            if (connected.isSuccess()) {
                UpstreamHandler.of(channel).bind(exchange);
                if (!fresh) {
                    channel.closeFuture().addListener(closed -> idle.remove(channel));
                }
                leased.setSuccess(channel);
            } else {
                leased.setFailure(connected.cause());
            }
        });
        return leased;
    }

    /** Takes a channel back after a complete exchange; {@code reusable} false (or a full pool) closes it. */
    void release(Channel channel, boolean reusable) {
        UpstreamHandler.of(channel).bind(null);
        if (reusable && channel.isActive() && idle.size() < settings.poolSize()) {
            channel.config().setAutoRead(true);
            idle.addLast(channel);
        } else {
            channel.close();
        }
    }

    /** Closes every idle channel (at shutdown). */
    void close() {
        Channel channel;
        while ((channel = idle.pollLast()) != null) {
            channel.close();
        }
    }
}
