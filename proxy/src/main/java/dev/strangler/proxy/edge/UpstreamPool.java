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
import io.netty.handler.ssl.SslContext;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayDeque;

/**
 * The keep-alive connections of one event loop to one upstream, at most {@code poolSize} of them. Every channel
 * lives on the loop of the client connections it serves, so nothing hops threads on the way through. A fresh lease
 * (the one retry of an idempotent request, a WebSocket handshake) always connects, and its channel is closed after
 * its exchange. An {@code https} upstream's channels speak TLS ({@link UpstreamTls}). Used from its event loop only.
 */
final class UpstreamPool {

    private final EventLoop loop;
    private final UpstreamSettings settings;
    private final Bootstrap bootstrap;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    /** Pooled channels open or connecting. */
    private int open;

    /** {@code tls}: the upstream's TLS client context, null for plain HTTP. */
    UpstreamPool(EventLoop loop, UpstreamSettings settings, ChannelFactory<? extends Channel> channels,
                 SslContext tls) {
        this.loop = loop;
        this.settings = settings;
        this.bootstrap = new Bootstrap().group(loop).channelFactory(channels)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        UpstreamTls.addTo(channel, tls, settings);
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

    /**
     * An open channel for {@code exchange}: the most recently used idle one, else a new one while fewer than
     * {@code poolSize} are open, else the next one released (requests wait their turn, as with Vert.x's pool).
     * A {@code fresh} lease always connects, outside the count.
     */
    Future<Channel> lease(UpstreamExchange exchange, boolean fresh) {
        if (fresh) {
            return connect(exchange, false);
        }
        Channel channel;
        while ((channel = idle.pollLast()) != null) {
            if (channel.isActive()) {
                UpstreamHandler.of(channel).bind(exchange);
                return loop.newSucceededFuture(channel);
            }
        }
        if (open < settings.poolSize()) {
            return connect(exchange, true);
        }
        Promise<Channel> queued = loop.newPromise();
        waiting.add(new Waiter(exchange, queued));
        return queued;
    }

    private Future<Channel> connect(UpstreamExchange exchange, boolean pooled) {
        if (pooled) {
            open++;
        }
        Promise<Channel> leased = loop.newPromise();
        bootstrap.connect(settings.origin().getHost(), settings.port()).addListener(connected -> {
            Channel channel = ((ChannelFuture) connected).channel();
            if (pooled) {
                channel.closeFuture().addListener(closed -> {
                    idle.remove(channel);
                    open--;
                    serveWaiter();
                });
            }
            if (connected.isSuccess()) {
                UpstreamHandler.of(channel).bind(exchange);
                leased.setSuccess(channel);
            } else {
                leased.setFailure(connected.cause());
            }
        });
        return leased;
    }

    /** A pooled channel closed: the first request waiting gets a new connection in its place. */
    private void serveWaiter() {
        Waiter next = waiting.poll();
        if (next != null) {
            connect(next.exchange(), true).addListener(connected -> {
                if (connected.isSuccess()) {
                    next.leased().setSuccess((Channel) connected.getNow());
                } else {
                    next.leased().setFailure(connected.cause());
                }
            });
        }
    }

    /**
     * Takes a channel back after a complete exchange: handed to the first request waiting, else kept idle; closed
     * when not {@code reusable} (its place then goes to the next request waiting).
     */
    void release(Channel channel, boolean reusable) {
        UpstreamHandler.of(channel).bind(null);
        if (!reusable || !channel.isActive()) {
            channel.close();
            return;
        }
        channel.config().setAutoRead(true);
        Waiter next = waiting.poll();
        if (next != null) {
            UpstreamHandler.of(channel).bind(next.exchange());
            next.leased().setSuccess(channel);
        } else {
            idle.addLast(channel);
        }
    }

    private record Waiter(UpstreamExchange exchange, Promise<Channel> leased) {
    }

    /** Closes every idle channel (at shutdown). */
    void close() {
        Channel channel;
        while ((channel = idle.pollLast()) != null) {
            channel.close();
        }
    }
}
