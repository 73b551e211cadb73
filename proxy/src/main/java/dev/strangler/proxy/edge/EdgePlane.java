package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.ClientLimits;
import dev.strangler.proxy.forward.DataPlane;
import dev.strangler.proxy.forward.DataPlaneOptions;
import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.RequestTracing;
import dev.strangler.proxy.forward.ResponseTaps;
import dev.strangler.proxy.forward.RouteResolver;
import dev.strangler.proxy.forward.Tunnels;
import dev.strangler.rules.Upstream;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * The listener of the Netty plane: a server channel on the transport Vert.x was started with (epoll, io_uring or
 * NIO, chosen and logged by {@code TransportChoice}), whose client channels run on Vert.x's own event loops, each
 * with Netty's HTTP decoder at the configured limits ({@link EdgeRequestDecoder}) and encoder and a
 * {@link ClientConnection} (connections beyond the limit are closed on accept: {@link ConnectionCount}); and one
 * {@link UpstreamPool} per event loop and upstream. Started as a {@link DataPlane}, so that the server and the
 * tests hold either plane the same way.
 */
public final class EdgePlane implements DataPlane.Listener {

    /** The decoders' largest body part: Netty's default of 8 KiB costs a third of the throughput on large bodies. */
    static final int CHUNK_SIZE = 64 * 1024;

    private final Channel server;
    private final ChannelGroup clients;
    private final AtomicInteger open;
    private final EdgeRoutes routes;
    private final Map<EventLoop, Map<Upstream, UpstreamPool>> pools;

    private EdgePlane(Channel server, ChannelGroup clients, AtomicInteger open, EdgeRoutes routes,
                      Map<EventLoop, Map<Upstream, UpstreamPool>> pools) {
        this.server = server;
        this.clients = clients;
        this.open = open;
        this.routes = routes;
        this.pools = pools;
    }

    /**
     * Listens on the options' host and port (0 for any free port) without tracing, counting requests in flight in a
     * count of its own, registering tunnels nowhere else and tapping nothing: for tests and benchmarks.
     */
    public static Future<DataPlane> start(Vertx vertx, ProxySettings settings, DataPlaneOptions options,
                                          RouteResolver resolver, ExchangeRecorder recorder) {
        return start(vertx, settings, options, resolver, recorder, RequestTracing.none(), new InFlightUsers(vertx),
                new Tunnels(), ResponseTaps.none());
    }

    /**
     * Listens on the options' host and port (0 for any free port); completes once the port is bound. As the
     * Vert.x plane's {@code DataPlane.start} with the same arguments: requests traced with {@code tracing}, counted
     * per user in {@code inFlight} (the count the migrator and the fleet's barrier wait on), WebSocket tunnels
     * registered in {@code tunnels}, responses shown to {@code taps}; {@code https} upstreams over TLS
     * ({@link UpstreamTls}).
     */
    public static Future<DataPlane> start(Vertx vertx, ProxySettings settings, DataPlaneOptions options,
                                          RouteResolver resolver, ExchangeRecorder recorder, RequestTracing tracing,
                                          InFlightUsers inFlight, Tunnels tunnels, ResponseTaps taps) {
        Map<Upstream, SslContext> tls;
        try {
            tls = UpstreamTls.contexts(settings);
        } catch (SSLException broken) {
            return Future.failedFuture(broken);
        }
        VertxInternal internal = (VertxInternal) vertx;
        ChannelFactory<? extends Channel> upstreamChannels = internal.transport().channelFactory(false);
        EdgeRoutes routes = new EdgeRoutes(vertx, settings, resolver, recorder, tracing, inFlight, tunnels, taps);
        ChannelGroup clients = new DefaultChannelGroup("strangler-clients", GlobalEventExecutor.INSTANCE);
        AtomicInteger open = new AtomicInteger();
        Map<EventLoop, Map<Upstream, UpstreamPool>> pools = new ConcurrentHashMap<>();
        ClientLimits limits = settings.limits();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(internal.acceptorEventLoopGroup(), internal.eventLoopGroup())
                .channelFactory(internal.transport().serverChannelFactory(false))
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .handler(new ConnectionCount(open, limits.maxConnections()))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (ConnectionCount.refused(channel)) {
                            channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                            channel.pipeline().addLast(new ConnectionCount.Refusal());
                            return;
                        }
                        clients.add(channel);
                        Map<Upstream, UpstreamPool> loopPools = pools.computeIfAbsent(channel.eventLoop(),
                                loop -> poolsOf(loop, settings, upstreamChannels, tls));
                        channel.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0,
                                        Math.max(1, limits.idleTimeout().toSeconds()), TimeUnit.SECONDS))
                                .addLast("decoder", new EdgeRequestDecoder(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(limits.maxInitialLineLength())
                                        .setMaxHeaderSize(limits.maxHeaderSize())
                                        .setMaxChunkSize(CHUNK_SIZE)))
                                .addLast("encoder", new HttpResponseEncoder())
                                .addLast("continue", new HttpServerExpectContinueHandler())
                                .addLast("client", new ClientConnection(routes, loopPools));
                    }
                });
        String host = options.server().getHost();
        int port = options.server().getPort();
        Promise<DataPlane> started = Promise.promise();
        bootstrap.bind(host, port).addListener(bound -> {
            if (bound.isSuccess()) {
                Channel server = ((io.netty.channel.ChannelFuture) bound).channel();
                started.complete(DataPlane.of(new EdgePlane(server, clients, open, routes, pools)));
            } else {
                started.fail(bound.cause());
            }
        });
        return started.future();
    }

    private static Map<Upstream, UpstreamPool> poolsOf(EventLoop loop, ProxySettings settings,
                                                       ChannelFactory<? extends Channel> channels,
                                                       Map<Upstream, SslContext> tls) {
        Map<Upstream, UpstreamPool> byUpstream = new EnumMap<>(Upstream.class);
        settings.upstreams().forEach((name, upstream) -> byUpstream.put(name,
                new UpstreamPool(loop, upstream, channels, tls.get(name))));
        return byUpstream;
    }

    @Override
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public int openConnections() {
        return open.get();
    }

    /**
     * Stops accepting, closes idle connections at once and busy ones after their response (which says
     * {@code Connection: close}), and closes whatever is left after {@code drain}, then every upstream pool.
     */
    @Override
    public Future<Void> shutdown(Duration drain) {
        routes.drain();
        Promise<Void> stopped = Promise.promise();
        server.close().addListener(closed -> {
            for (Channel client : clients) {
                client.eventLoop().execute(() -> {
                    ClientConnection connection = (ClientConnection) client.pipeline().get("client");
                    if (connection == null || !connection.busy()) {
                        client.close();
                    }
                });
            }
            awaitDrained(System.nanoTime() + drain.toNanos(), stopped);
        });
        return stopped.future();
    }

    private void awaitDrained(long deadline, Promise<Void> stopped) {
        if (!clients.isEmpty() && System.nanoTime() < deadline) {
            GlobalEventExecutor.INSTANCE.schedule(() -> awaitDrained(deadline, stopped), 10, TimeUnit.MILLISECONDS);
            return;
        }
        clients.close().addListener(all -> {
            pools.forEach((loop, byUpstream) -> loop.execute(() -> byUpstream.values().forEach(UpstreamPool::close)));
            stopped.complete();
        });
    }
}
