package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.RequestHead;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * The request as the {@code RouteResolver} reads it: its head with the client's headers seen through a
 * {@code MultiMap} view (not copied), its path and query in origin form, and the client's address. Deciding, and
 * deciding again, is the shared {@code Admission}'s, as in the Vert.x plane.
 */
final class EdgeResolution {

    private EdgeResolution() {
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

    /**
     * Runs a step on the client channel's event loop: at once when already there (a resolver that answered from its
     * cache), else queued (one that waited for the state store answers on the database client's thread).
     */
    static Executor onLoopOf(Channel client) {
        return step -> {
            if (client.eventLoop().inEventLoop()) {
                step.run();
            } else {
                client.eventLoop().execute(step);
            }
        };
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
