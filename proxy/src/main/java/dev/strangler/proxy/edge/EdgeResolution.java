package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.proxy.forward.Resolution;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The routing hand-off of the Netty plane: the request's head as the {@code RouteResolver} reads it (the client's
 * headers seen through a {@code MultiMap} view, not copied), and its answer, which may complete on another thread
 * (the state store's); the exchange continues on its channel's event loop. A resolver that throws or fails gets its
 * {@code fallback} asked, and 503 should that throw too, as in the Vert.x plane.
 */
final class EdgeResolution {

    private EdgeResolution() {
    }

    static Future<Resolution> resolve(EdgeRoutes routes, HttpRequest request, Channel client) {
        RequestHead head = head(request, client);
        Future<Resolution> route;
        try {
            route = routes.resolver.resolve(head);
        } catch (RuntimeException bug) {
            route = Future.failedFuture(bug);
        }
        return route.recover(failed -> Future.succeededFuture(fallback(routes, head)));
    }

    private static Resolution fallback(EdgeRoutes routes, RequestHead head) {
        try {
            return routes.resolver.fallback(head);
        } catch (RuntimeException bug) {
            return Rejection.unavailable(Duration.ofSeconds(1));
        }
    }

    static RequestHead head(HttpRequest request, Channel client) {
        String uri = request.uri();
        String target = originForm(uri);
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        SocketAddress peer = client.remoteAddress() instanceof InetSocketAddress address
                ? SocketAddress.inetSocketAddress(address) : null;
        return new RequestHead(HttpMethod.valueOf(request.method().name()), uri, path,
                query < 0 ? null : target.substring(query + 1), new HeadersAdaptor(request.headers()), peer);
    }

    /** The client's address as text, as {@code X-Forwarded-For} carries it. */
    static String peer(Channel client) {
        return client.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : "unknown";
    }

    /** The request target in origin form ({@code /path?query}): an absolute-form target loses its authority. */
    static String originForm(String uri) {
        if (uri.startsWith("/") || "*".equals(uri)) {
            return uri;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri;
        }
        int authority = scheme + 3;
        int path = uri.indexOf('/', authority);
        int query = uri.indexOf('?', authority);
        if (path < 0 && query < 0) {
            return "/";
        }
        if (path < 0 || (query >= 0 && query < path)) {
            return "/" + uri.substring(query);
        }
        return uri.substring(path);
    }
}
