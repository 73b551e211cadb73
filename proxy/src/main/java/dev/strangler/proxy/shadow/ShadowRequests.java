package dev.strangler.proxy.shadow;

import dev.strangler.rules.Upstream;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;

/**
 * Builds the options of one shadow request to an upstream (its address, TLS, timeouts): Vert.x options are made in
 * the server's wiring only, which hands this in.
 */
@FunctionalInterface
public interface ShadowRequests {

    RequestOptions to(Upstream upstream, HttpMethod method, String uri, MultiMap headers, Duration timeout);
}
