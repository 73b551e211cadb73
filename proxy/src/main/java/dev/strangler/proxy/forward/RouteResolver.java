package dev.strangler.proxy.forward;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * Decides where one request goes. The data plane calls it after the request was screened and while its body is
 * paused, so an implementation may take its time (look up a user, migrate them first) without losing a byte.
 * The future never fails for an ordinary reason: a resolver that cannot decide falls back to legacy itself.
 */
@FunctionalInterface
public interface RouteResolver {

    Future<Route> resolve(HttpServerRequest request);

    /** Every request to one upstream. */
    static RouteResolver fixed(Route route) {
        Future<Route> decided = Future.succeededFuture(route);
        return request -> decided;
    }
}
