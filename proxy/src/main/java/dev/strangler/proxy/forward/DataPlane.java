package dev.strangler.proxy.forward;

import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running listener that end users talk to: one HTTP server and one set of upstream connections per event loop,
 * all on one port. Built directly on Vert.x's {@code HttpServer} and {@code HttpClient} rather than on
 * {@code vertx-http-proxy}: measured level with a bare {@code vertx-http-proxy} (bench/results/proxy.md) while
 * doing more per request, and in control of what that library decides for its users (which failures are retried
 * and on which connection, when the response timeout starts, how a failed stream ends). This is where the
 * listener's Vert.x options are made.
 */
public final class DataPlane {

    /**
     * A running listener behind this class: the Vert.x one made here, or another plane's (the Netty plane of
     * {@code dev.strangler.proxy.edge}, chosen at start), so that the server and the tests hold either the same way.
     */
    public interface Listener {

        int port();

        int openConnections();

        Future<Void> shutdown(Duration drain);
    }

    private final Listener listener;

    private DataPlane(Listener listener) {
        this.listener = listener;
    }

    /** A data plane running on {@code listener}. */
    public static DataPlane of(Listener listener) {
        return new DataPlane(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Listens on the options' host and port (0 for any free port) with one server per instance of the deployment
     * sharing it. The future completes once every instance is listening.
     */
    public static Future<DataPlane> start(Vertx vertx, ProxySettings settings, DataPlaneOptions options,
                                          RouteResolver resolver, ExchangeRecorder recorder) {
        return start(vertx, settings, options, resolver, recorder, RequestTracing.none());
    }

    /** {@link #start(Vertx, ProxySettings, DataPlaneOptions, RouteResolver, ExchangeRecorder)} with request spans. */
    public static Future<DataPlane> start(Vertx vertx, ProxySettings settings, DataPlaneOptions options,
                                          RouteResolver resolver, ExchangeRecorder recorder, RequestTracing tracing) {
        return start(vertx, settings, options, resolver, recorder, tracing, new InFlightUsers(vertx), new Tunnels());
    }

    /**
     * {@link #start(Vertx, ProxySettings, DataPlaneOptions, RouteResolver, ExchangeRecorder, RequestTracing)}
     * counting each user's requests in flight in {@code inFlight}, the count the migrator waits on, and
     * registering WebSocket tunnels in {@code tunnels}, which restarts a user's tunnels when their route changes.
     */
    public static Future<DataPlane> start(Vertx vertx, ProxySettings settings, DataPlaneOptions options,
                                          RouteResolver resolver, ExchangeRecorder recorder, RequestTracing tracing,
                                          InFlightUsers inFlight) {
        return start(vertx, settings, options, resolver, recorder, tracing, inFlight, new Tunnels());
    }

    /** The same, registering WebSocket tunnels in {@code tunnels}. */
    public static Future<DataPlane> start(Vertx vertx, ProxySettings settings, DataPlaneOptions options,
                                          RouteResolver resolver, ExchangeRecorder recorder, RequestTracing tracing,
                                          InFlightUsers inFlight, Tunnels tunnels) {
        return start(vertx, settings, options, resolver, recorder, tracing, inFlight, tunnels, ResponseTaps.none());
    }

    /** The same, showing the responses {@code taps} chooses to it (shadow comparison). */
    public static Future<DataPlane> start(Vertx vertx, ProxySettings settings, DataPlaneOptions options,
                                          RouteResolver resolver, ExchangeRecorder recorder, RequestTracing tracing,
                                          InFlightUsers inFlight, Tunnels tunnels, ResponseTaps taps) {
        Objects.requireNonNull(taps, "taps");
        Objects.requireNonNull(inFlight, "inFlight");
        Objects.requireNonNull(tunnels, "tunnels");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(tracing, "tracing");
        Objects.requireNonNull(recorder, "recorder");
        if (options.deployment().getInstances() < 1) {
            throw new IllegalArgumentException("eventLoops: " + options.deployment().getInstances()
                    + " (expected: 1 or more)");
        }
        AtomicInteger open = new AtomicInteger();
        List<ProxyVerticle> instances = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(() -> {
            ProxyVerticle verticle = new ProxyVerticle(settings, options, resolver, recorder, tracing, inFlight,
                    open, tunnels, taps);
            instances.add(verticle);
            return verticle;
        }, options.deployment())
                .map(id -> new DataPlane(new VertxListener(vertx, id, List.copyOf(instances), open)));
    }

    /** The port actually listened on (useful after asking for port 0). */
    public int port() {
        return listener.port();
    }

    /** Client connections open right now, across every event loop. */
    public int openConnections() {
        return listener.openConnections();
    }

    /**
     * Stops accepting connections, lets requests in flight finish for up to {@code drain}, then closes every
     * connection and upstream pool.
     */
    public Future<Void> shutdown(Duration drain) {
        return listener.shutdown(drain);
    }

    /** The Vert.x plane: one deployment of {@link ProxyVerticle}s sharing the port. */
    private record VertxListener(Vertx vertx, String deploymentId, List<ProxyVerticle> instances,
                                 AtomicInteger open) implements Listener {

        @Override
        public int port() {
            return instances.get(0).server().actualPort();
        }

        @Override
        public int openConnections() {
            return open.get();
        }

        @Override
        public Future<Void> shutdown(Duration drain) {
            List<Future<Void>> stopping = instances.stream()
                    .map(instance -> instance.server().shutdown(drain.toMillis(), TimeUnit.MILLISECONDS))
                    .toList();
            return Future.join(stopping).transform(ignored -> vertx.undeploy(deploymentId));
        }
    }

    /** One event loop's server, guard and upstream connections. */
    static final class ProxyVerticle extends VerticleBase {

        private final ProxySettings settings;
        private final DataPlaneOptions options;
        private final RouteResolver resolver;
        private final ExchangeRecorder recorder;
        private final RequestTracing tracing;
        private final InFlightUsers inFlight;
        private final AtomicInteger open;
        private final Tunnels tunnels;
        private final ResponseTaps taps;
        private final Map<Upstream, UpstreamClient> upstreams = new EnumMap<>(Upstream.class);
        private HttpServer server;
        private ConnectionGuard guard;

        ProxyVerticle(ProxySettings settings, DataPlaneOptions options, RouteResolver resolver,
                      ExchangeRecorder recorder, RequestTracing tracing, InFlightUsers inFlight, AtomicInteger open,
                      Tunnels tunnels, ResponseTaps taps) {
            this.taps = taps;
            this.inFlight = inFlight;
            this.settings = settings;
            this.options = options;
            this.resolver = resolver;
            this.recorder = recorder;
            this.tracing = tracing;
            this.open = open;
            this.tunnels = tunnels;
        }

        @Override
        public Future<?> start() {
            settings.upstreams().forEach((name, upstream) -> upstreams.put(name,
                    new UpstreamClient(vertx, upstream, options.upstreams().get(name))));
            ConnectionGuard guard = new ConnectionGuard(vertx, open, settings.limits().maxConnections(),
                    settings.limits().headerTimeout());
            guard.start();
            this.guard = guard;
            Forwarder forwarder = new Forwarder(upstreams, settings, resolver, recorder, guard, tracing,
                    inFlight, tunnels, taps);
            server = vertx.createHttpServer(options.server())
                    .connectionHandler(guard::accepted)
                    .invalidRequestHandler(forwarder::invalid)
                    .requestHandler(forwarder);
            return server.listen();
        }

        @Override
        public Future<?> stop() {
            guard.stop();
            return Future.join(upstreams.values().stream().map(UpstreamClient::close).toList());
        }

        HttpServer server() {
            return server;
        }
    }
}
