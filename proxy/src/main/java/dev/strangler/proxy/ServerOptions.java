package dev.strangler.proxy;

import dev.strangler.config.PrometheusEndpoint;
import dev.strangler.config.ServerConfig;
import dev.strangler.config.ServerLimits;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.config.UpstreamConfig;
import dev.strangler.proxy.forward.ClientLimits;
import dev.strangler.proxy.forward.DataPlaneOptions;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.TrustedProxies;
import dev.strangler.proxy.forward.UpstreamOptions;
import dev.strangler.proxy.forward.UpstreamSettings;
import dev.strangler.proxy.jwks.JwksRefresher;
import dev.strangler.proxy.ramp.PrometheusQueries;
import dev.strangler.rules.Upstream;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Part of the server's composition root with {@link StranglerServer}: the one place where our immutable settings
 * become Vert.x's mutable {@code *Options}, for the Vert.x instance, the data plane and its upstream clients, the
 * admin listener and the readiness probe's pools.
 */
public final class ServerOptions {

    /** Vert.x's default of 8 KiB chunks costs a third of the throughput on large bodies. */
    static final int CHUNK_SIZE = 64 * 1024;

    private ServerOptions() {
    }

    /**
     * A Vert.x instance sized for the data plane: one event loop per core, and no thread-context class loader
     * switch around every handler call (nothing in Strangler loads classes through it). The transport is not an
     * option here: {@link StranglerServer#createVertx} chooses it and says which.
     */
    static VertxOptions vertx(int eventLoops) {
        return new VertxOptions().setEventLoopPoolSize(eventLoops).setDisableTCCL(true);
    }

    /** The data plane on {@code host:port} (0 for any free port), one server per event loop sharing the port. */
    public static DataPlaneOptions dataPlane(ProxySettings settings, String host, int port, int eventLoops) {
        Map<Upstream, UpstreamOptions> upstreams = new EnumMap<>(Upstream.class);
        settings.upstreams().forEach((name, upstream) -> upstreams.put(name, upstream(upstream)));
        return new DataPlaneOptions(server(settings, host, port), new DeploymentOptions().setInstances(eventLoops),
                upstreams);
    }

    private static HttpServerOptions server(ProxySettings settings, String host, int port) {
        return new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setMaxInitialLineLength(settings.limits().maxInitialLineLength())
                .setMaxHeaderSize(settings.limits().maxHeaderSize())
                .setMaxChunkSize(CHUNK_SIZE)
                .setDecoderInitialBufferSize(1024)
                .setIdleTimeout((int) Math.max(1, settings.limits().idleTimeout().toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setHandle100ContinueAutomatically(true)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setHttp2ClearTextEnabled(false)
                .setTcpNoDelay(true)
                .setReuseAddress(true)
                .setAcceptBacklog(4096);
    }

    private static UpstreamOptions upstream(UpstreamSettings settings) {
        return new UpstreamOptions(client(settings, true), new PoolOptions().setHttp1MaxSize(settings.poolSize()),
                client(settings, false), new PoolOptions().setHttp1MaxSize(Math.max(4, settings.poolSize() / 8)));
    }

    private static HttpClientOptions client(UpstreamSettings settings, boolean keepAlive) {
        return new HttpClientOptions()
                .setKeepAlive(keepAlive)
                .setKeepAliveTimeout(60)
                .setPipelining(false)
                .setTcpNoDelay(true)
                .setSsl(settings.tls())
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setMaxChunkSize(CHUNK_SIZE)
                .setDecoderInitialBufferSize(1024)
                .setMaxHeaderSize(32 * 1024)
                .setMaxInitialLineLength(8 * 1024)
                .setDecompressionSupported(false);
    }

    /**
     * The admin listener on {@code host:port} within {@code admin.limits}: line and header sizes and the idle
     * timeout here, the connection cap, head timeout and body size in the listener itself.
     */
    static HttpServerOptions admin(String host, int port, ServerLimits limits) {
        return new HttpServerOptions().setHost(host).setPort(port)
                .setMaxInitialLineLength(limits.maxInitialLineLength()).setMaxHeaderSize(limits.maxHeaderSize())
                .setIdleTimeout((int) Math.max(1, limits.idleTimeout().toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
    }

    /** The client that fetches JWKS documents: one short-lived connection per fetch. */
    public static HttpClientOptions jwksClient() {
        return new HttpClientOptions().setConnectTimeout((int) JwksRefresher.TIMEOUT.toMillis()).setKeepAlive(false);
    }

    /** One JWKS fetch: a GET of the document's URL, given up on after the fetch timeout without a byte. */
    public static RequestOptions jwksRequest(String url) {
        return new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setIdleTimeout(JwksRefresher.TIMEOUT.toMillis()).putHeader("Accept", "application/json");
    }

    /** The shadow comparison's own connections: at most {@code concurrency}, kept alive, never the users'. */
    static HttpClient shadowClient(Vertx vertx, int concurrency) {
        return vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(30).setTcpNoDelay(true)
                        .setConnectTimeout(2000).setMaxChunkSize(CHUNK_SIZE).setDecompressionSupported(false))
                .with(new PoolOptions().setHttp1MaxSize(concurrency))
                .build();
    }

    /** One shadow request to {@code upstream}, given up on after {@code timeout} without a byte. */
    static RequestOptions shadowRequest(UpstreamSettings upstream, HttpMethod method, String uri, MultiMap headers,
                                        Duration timeout) {
        return new RequestOptions().setMethod(method).setHost(upstream.origin().getHost())
                .setPort(upstream.port()).setSsl(upstream.tls()).setURI(uri).setHeaders(headers)
                .setConnectTimeout(timeout.toMillis()).setIdleTimeout(timeout.toMillis());
    }

    /**
     * The Prometheus that ramps' promql gates ask, or null when none is configured: a client connecting within the
     * timeout, and each query a GET given up on after the timeout without a byte.
     */
    static PrometheusQueries prometheus(Vertx vertx, PrometheusEndpoint endpoint) {
        if (endpoint == null) {
            return null;
        }
        long millis = endpoint.timeout().toMillis();
        return new PrometheusQueries(vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) millis)),
                endpoint.url(), url -> new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setIdleTimeout(millis).putHeader("Accept", "application/json"));
    }

    /** One connection per database for the readiness probe, given up on after 2 s. */
    public static io.vertx.sqlclient.PoolOptions probePool() {
        return new io.vertx.sqlclient.PoolOptions().setMaxSize(1).setConnectionTimeout(2)
                .setConnectionTimeoutUnit(TimeUnit.SECONDS);
    }

    /** The data plane's settings from the configuration's {@code server:} and {@code upstreams:} sections. */
    static ProxySettings proxySettings(StranglerConfig config) {
        ServerConfig server = config.server();
        ServerLimits limits = server.limits();
        ClientLimits clientLimits = new ClientLimits(limits.maxConnections(), limits.maxInitialLineLength(),
                limits.maxHeaderSize(), limits.headerReadTimeout(), limits.idleTimeout(), limits.maxBodySize());
        return new ProxySettings(
                Map.of(Upstream.LEGACY, upstreamSettings(Upstream.LEGACY, config.upstreams().legacy()),
                        Upstream.MODERN, upstreamSettings(Upstream.MODERN, config.upstreams().modern())),
                clientLimits, TrustedProxies.configured(server.trustedProxies()),
                server.preserveHost() ? ProxySettings.HostHeader.PRESERVE : ProxySettings.HostHeader.REWRITE,
                server.revealRouting());
    }

    private static UpstreamSettings upstreamSettings(Upstream name, UpstreamConfig upstream) {
        int loops = eventLoops();
        int perEventLoop = Math.max(1, (upstream.poolSize() + loops - 1) / loops);
        return new UpstreamSettings(name, upstream.url(), perEventLoop, upstream.connectTimeout(), upstream.timeout());
    }

    /** One event loop per core. */
    static int eventLoops() {
        return Runtime.getRuntime().availableProcessors();
    }
}
