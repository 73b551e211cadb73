package dev.strangler.proxy.edge;

import dev.strangler.config.TrustedProxy;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.TrustedProxies;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.HashSet;
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

    private final TrustedProxies trustedProxies;
    private final boolean preserveHost;

    EdgeHeaders(TrustedProxies trustedProxies, ProxySettings.HostHeader hostHeader) {
        this.trustedProxies = trustedProxies;
        this.preserveHost = hostHeader == ProxySettings.HostHeader.PRESERVE;
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

    /** Removes an upstream response's connection headers and the proxy's own. */
    static void editResponse(HttpHeaders headers) {
        removeConnectionHeaders(headers, false);
    }

    private static void removeConnectionHeaders(HttpHeaders headers, boolean request) {
        Set<String> named = connectionNamed(headers);
        List<String> dropped = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> each = headers.iteratorCharSequence();
        while (each.hasNext()) {
            String name = each.next().getKey().toString();
            if (isHopByHop(name) || name.regionMatches(true, 0, INTERNAL_PREFIX, 0, INTERNAL_PREFIX.length())
                    || (request && isSetByProxy(name))
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

    /** Compares without allocating: this runs for every header of every request and response. */
    static boolean isHopByHop(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("te");
            case 7 -> name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 14 -> name.equalsIgnoreCase("http2-settings");
            case 16 -> name.equalsIgnoreCase("proxy-connection");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            case 18 -> name.equalsIgnoreCase("proxy-authenticate");
            case 19 -> name.equalsIgnoreCase("proxy-authorization");
            default -> false;
        };
    }

    private static boolean isSetByProxy(String name) {
        return switch (name.length()) {
            case 4 -> name.equalsIgnoreCase("host");
            case 6 -> name.equalsIgnoreCase("expect");
            case 9 -> name.equalsIgnoreCase("forwarded");
            case 15 -> name.equalsIgnoreCase("x-forwarded-for");
            case 16 -> name.equalsIgnoreCase("x-forwarded-host");
            case 17 -> name.equalsIgnoreCase("x-forwarded-proto");
            default -> false;
        };
    }

    private static Set<String> connectionNamed(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.CONNECTION)) {
            return null;
        }
        Set<String> named = new HashSet<>();
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    named.add(name);
                }
            }
        }
        return named;
    }

    private static String joined(HttpHeaders headers, String name) {
        List<String> values = headers.getAll(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    private static String node(String address) {
        return address.indexOf(':') >= 0 ? "\"[" + address + "]\"" : address;
    }
}
