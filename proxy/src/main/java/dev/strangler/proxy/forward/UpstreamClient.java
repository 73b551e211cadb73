package dev.strangler.proxy.forward;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.function.Consumer;

/**
 * The connections of one event loop to one upstream: a keep-alive pool for ordinary traffic, a second client
 * without keep-alive for the single retry of an idempotent request (so the retry never lands on another stale
 * pooled connection). One instance per event loop keeps every connection on the loop
 * that serves its requests: no thread hops on the hot path.
 */
final class UpstreamClient {

    /** Vert.x's default of 8 KiB chunks costs a third of the throughput on large bodies. */
    static final int CHUNK_SIZE = 64 * 1024;

    private final UpstreamSettings settings;
    private final HttpClientAgent pooled;
    private final HttpClientAgent fresh;

    UpstreamClient(Vertx vertx, UpstreamSettings settings) {
        this.settings = settings;
        this.pooled = vertx.httpClientBuilder()
                .with(clientOptions(true))
                .with(new PoolOptions().setHttp1MaxSize(settings.poolSize()))
                .build();
        this.fresh = vertx.httpClientBuilder()
                .with(clientOptions(false))
                .with(new PoolOptions().setHttp1MaxSize(Math.max(4, settings.poolSize() / 8)))
                .build();
    }

    private HttpClientOptions clientOptions(boolean keepAlive) {
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

    UpstreamSettings settings() {
        return settings;
    }

    /**
     * Opens a request to this upstream; {@code headers} writes the request's headers straight into it (no
     * intermediate copy); {@code freshConnection} bypasses the keep-alive pool.
     */
    Future<HttpClientRequest> open(HttpMethod method, String uri, Consumer<MultiMap> headers,
                                   boolean freshConnection) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(settings.origin().getHost())
                .setPort(settings.port())
                .setSsl(settings.tls())
                .setURI(uri)
                .setConnectTimeout(settings.connectTimeout().toMillis());
        return (freshConnection ? fresh : pooled).request(options).map(request -> {
            headers.accept(request.headers());
            return request;
        });
    }

    Future<Void> close() {
        return Future.join(pooled.close(), fresh.close()).mapEmpty();
    }
}
