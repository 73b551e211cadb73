package dev.strangler.proxy.edge;

import dev.strangler.config.TrustedProxy;
import dev.strangler.proxy.forward.HopByHopHeaders;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.TrustedProxies;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Edits a message's headers in place on their way through, with the rules of the Vert.x plane's
 * {@code HopByHopHeaders} and {@code ForwardedHeaders}: the headers of one connection (RFC 9110 §7.6.1, and every
 * header {@code Connection} names) and the proxy's own {@code X-Strangler-*} never cross; a request also loses
 * {@code Expect} and whatever forwarding headers the peer may not set, and gets {@code X-Forwarded-*},
 * {@code Forwarded} and {@code Host} from the proxy.
 */
final class EdgeHeaders {

    private static final String INTERNAL_PREFIX = "x-strangler-";

    static final String ROUTE_HEADER = "X-Strangler-Upstream";
    static final String RULE_HEADER = "X-Strangler-Rule";

    private final TrustedProxies trustedProxies;
    private final boolean preserveHost;
    private final boolean revealRoute;

    EdgeHeaders(TrustedProxies trustedProxies, ProxySettings.HostHeader hostHeader, boolean revealRoute) {
        this.trustedProxies = trustedProxies;
        this.preserveHost = hostHeader == ProxySettings.HostHeader.PRESERVE;
        this.revealRoute = revealRoute;
    }

    /**
     * Turns a client request's headers into the upstream request's: {@code client} is the peer's address,
     * {@code authority} the upstream's own {@code host:port}.
     */
    void editRequest(HttpHeaders headers, String client, boolean tls, String authority) {
        String host = headers.get(HttpHeaderNames.HOST);
        Set<String> allowed = trustedProxies.allowedHeaders(client);
        String priorFor = allowed.contains("x-forwarded-for") ? joined(headers, "X-Forwarded-For") : null;
        String priorProto = allowed.contains("x-forwarded-proto") ? headers.get("X-Forwarded-Proto") : null;
        String priorHost = allowed.contains("x-forwarded-host") ? headers.get("X-Forwarded-Host") : null;
        String priorForwarded = allowed.contains("forwarded") ? joined(headers, "Forwarded") : null;
        removeConnectionHeaders(headers, true);
        for (String name : TrustedProxy.FORWARDING_HEADERS) {
            if (!allowed.contains(name)) {
                headers.remove(name);
            }
        }
        String proto = tls ? "https" : "http";
        headers.set("X-Forwarded-For", priorFor == null ? client : priorFor + ", " + client);
        headers.set("X-Forwarded-Proto", priorProto == null ? proto : priorProto);
        String forwardedHost = priorHost == null ? host : priorHost;
        if (forwardedHost != null) {
            headers.set("X-Forwarded-Host", forwardedHost);
        }
        StringBuilder element = new StringBuilder("for=").append(node(client)).append(";proto=").append(proto);
        if (host != null) {
            element.append(";host=\"").append(host).append('"');
        }
        headers.set("Forwarded", priorForwarded == null ? element.toString() : priorForwarded + ", " + element);
        headers.set(HttpHeaderNames.HOST, preserveHost && host != null ? host : authority);
    }

    /**
     * Turns an upstream response's head into the client's: connection headers and the proxy's own removed, framing
     * set for the client's {@code version} (chunked, or a close for HTTP/1.0, when the length is unknown), the
     * route's cookie and, when revealed, the route added. A {@code switching} response (101 to a WebSocket upgrade)
     * keeps its upgrade. Returns whether the connection ends after this response.
     */
    boolean editResponse(HttpResponse response, Route route, HttpVersion version, boolean headRequest, boolean close,
                         boolean switching) {
        HttpHeaders headers = response.headers();
        removeConnectionHeaders(headers, false);
        response.setProtocolVersion(version);
        if (switching) {
            headers.set(HttpHeaderNames.CONNECTION, "Upgrade").set(HttpHeaderNames.UPGRADE, "websocket");
            return false;
        }
        int status = response.status().code();
        boolean mayHaveBody = !headRequest && status >= 200 && status != 204 && status != 304;
        boolean closing = close;
        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && mayHaveBody) {
            if (version.equals(HttpVersion.HTTP_1_1)) {
                HttpUtil.setTransferEncodingChunked(response, true);
            } else {
                closing = true;
            }
        }
        if (closing) {
            headers.set(HttpHeaderNames.CONNECTION, "close");
        }
        if (route.setCookie() != null) {
            headers.add(HttpHeaderNames.SET_COOKIE, route.setCookie());
        }
        if (revealRoute) {
            headers.set(ROUTE_HEADER, route.upstream().id()).set(RULE_HEADER, route.rule());
        }
        return closing;
    }

    /**
     * Turns a client request's head into the upstream request's, once: origin-form target, HTTP/1.1, headers
     * edited ({@link #editRequest}), chunked framing for a body of unknown length, and a WebSocket upgrade kept.
     */
    void editRequestHead(HttpRequest request, String client, String authority, boolean chunkedBody,
                         boolean upgrade) {
        request.setUri(EdgeResolution.originForm(request.uri()));
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        editRequest(request.headers(), client, false, authority);
        if (chunkedBody) {
            HttpUtil.setTransferEncodingChunked(request, true);
        }
        if (upgrade) {
            request.headers().set(HttpHeaderNames.CONNECTION, "Upgrade").set(HttpHeaderNames.UPGRADE, "websocket");
        }
    }

    /** Trailer fields are not forwarded either way: the framing of each side is the proxy's own. */
    static void dropTrailers(LastHttpContent last) {
        if (!last.trailingHeaders().isEmpty()) {
            last.trailingHeaders().clear();
        }
    }

    private static void removeConnectionHeaders(HttpHeaders headers, boolean request) {
        Set<String> named = headers.contains(HttpHeaderNames.CONNECTION)
                ? HopByHopHeaders.connectionNamed(headers.getAll(HttpHeaderNames.CONNECTION)) : null;
        List<String> dropped = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> each = headers.iteratorCharSequence();
        while (each.hasNext()) {
            String name = each.next().getKey().toString();
            if (HopByHopHeaders.isHopByHop(name) || name.regionMatches(true, 0, INTERNAL_PREFIX, 0, INTERNAL_PREFIX.length())
                    || (request && HopByHopHeaders.isSetByProxy(name))
                    || (named != null && named.contains(name.toLowerCase(Locale.ROOT)))) {
                if (dropped == null) {
                    dropped = new ArrayList<>(4);
                }
                dropped.add(name);
            }
        }
        if (dropped != null) {
            dropped.forEach(headers::remove);
        }
    }

    private static String joined(HttpHeaders headers, String name) {
        List<String> values = headers.getAll(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    private static String node(String address) {
        return address.indexOf(':') >= 0 ? "\"[" + address + "]\"" : address;
    }
}
