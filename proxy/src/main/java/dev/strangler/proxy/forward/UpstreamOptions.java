package dev.strangler.proxy.forward;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * The Vert.x client options of one upstream, built by the server's composition root from its
 * {@link UpstreamSettings}: a keep-alive pool for ordinary requests, and a small pool of fresh connections for
 * requests that must not reuse one.
 *
 * @param pooled     the keep-alive client
 * @param pooledPool its connection pool
 * @param fresh      the client whose connections are closed after one exchange
 * @param freshPool  its connection pool
 */
public record UpstreamOptions(HttpClientOptions pooled, PoolOptions pooledPool, HttpClientOptions fresh,
                              PoolOptions freshPool) {
}
