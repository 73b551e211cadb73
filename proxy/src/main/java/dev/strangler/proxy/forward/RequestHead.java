package dev.strangler.proxy.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * What routing may look at in a request: method, target, headers and the peer's address. Read-only by convention: the headers are the client's own.
 *
 * @param method  the request method
 * @param uri     the request target as sent, origin-form ({@code /a/b?c=d})
 * @param path    the path part of the target, not yet normalised
 * @param query   the query part, or null
 * @param headers the client's headers
 * @param peer    the address of the connection's other end
 */
public record RequestHead(HttpMethod method, String uri, String path, String query, MultiMap headers,
                          SocketAddress peer) {

    static RequestHead of(HttpServerRequest request) {
        return new RequestHead(request.method(), request.uri(), request.path(), request.query(), request.headers(),
                request.remoteAddress());
    }

    public String header(String name) {
        return headers.get(name);
    }
}
