package dev.strangler.proxy.forward;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import java.util.function.Consumer;

/**
 * The connections of one event loop to one upstream: a keep-alive pool for ordinary traffic, a second client
 * without keep-alive for the single retry of an idempotent request (so the retry never lands on another stale
 * pooled connection). One instance per event loop keeps every connection on the loop
 * that serves its requests: no thread hops on the hot path.
 */
final class UpstreamClient {

    private final UpstreamSettings settings;
    private final HttpClientAgent pooled;
    private final HttpClientAgent fresh;
    // Worked out once rather than from the origin URI on every request.
    private final String host;
    private final int port;
    private final String authority;

    UpstreamClient(Vertx vertx, UpstreamSettings settings, UpstreamOptions options) {
        this.settings = settings;
        this.host = settings.origin().getHost();
        this.port = settings.port();
        this.authority = settings.authority();
        this.pooled = vertx.httpClientBuilder().with(options.pooled()).with(options.pooledPool()).build();
        this.fresh = vertx.httpClientBuilder().with(options.fresh()).with(options.freshPool()).build();
    }

    UpstreamSettings settings() {
        return settings;
    }

    /** {@link UpstreamSettings#authority()}, the {@code Host} a rewritten request carries. */
    String authority() {
        return authority;
    }

    /**
     * Opens a request to this upstream; {@code headers} writes the request's headers straight into it (no
     * intermediate copy); {@code freshConnection} bypasses the keep-alive pool.
     */
    Future<HttpClientRequest> open(HttpMethod method, String uri, Consumer<MultiMap> headers,
                                   boolean freshConnection) {
        return (freshConnection ? fresh : pooled).request(method, port, host, uri)
                .map(request -> {
                    headers.accept(request.headers());
                    return request;
                });
    }

    Future<Void> close() {
        return Future.join(pooled.close(), fresh.close()).mapEmpty();
    }
}
