package dev.strangler.proxy.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Copies the end-to-end headers of a message and drops the ones that belong to a single connection
 * (RFC 9110 §7.6.1): {@code Connection} and every header it names, {@code Keep-Alive}, {@code TE},
 * {@code Trailer}, {@code Transfer-Encoding} (the proxy frames each side itself), {@code Upgrade} (kept only for a
 * WebSocket handshake, which the relay performs itself), {@code Proxy-Connection}, {@code Proxy-Authorization}
 * and {@code HTTP2-Settings}. Headers starting with {@code X-Strangler-} are the proxy's own and never cross it.
 * Also dropped from requests: {@code Host} and the forwarding headers, which {@link ForwardedHeaders} sets, and
 * {@code Expect}, which the proxy answers itself.
 */
public final class HopByHopHeaders {

    private static final String INTERNAL_PREFIX = "x-strangler-";

    private HopByHopHeaders() {
    }

    /** Copies a client request's end-to-end headers into the upstream request. */
    static void copyRequest(MultiMap from, MultiMap to) {
        copy(from, to, true);
    }

    /** Copies an upstream response's end-to-end headers into the client response. */
    static void copyResponse(MultiMap from, MultiMap to) {
        copy(from, to, false);
    }

    private static void copy(MultiMap from, MultiMap to, boolean request) {
        Set<String> named = from.contains(HttpHeaders.CONNECTION) ? connectionNamed(from.getAll(HttpHeaders.CONNECTION))
                : null;
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey();
            if (isHopByHop(name) || name.regionMatches(true, 0, INTERNAL_PREFIX, 0, INTERNAL_PREFIX.length())
                    || (request && isSetByProxy(name))
                    || (named != null && named.contains(name.toLowerCase(Locale.ROOT)))) {
                continue;
            }
            to.add(name, header.getValue());
        }
    }

    /**
     * Compares without allocating: this runs for every header of every request and response (on both data planes).
     */
    public static boolean isHopByHop(String name) {
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

    /** The request headers the proxy sets itself, never the client's: Host, Expect and the forwarding headers. */
    public static boolean isSetByProxy(String name) {
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

    /** The header names the {@code Connection} values list, lower-cased: hop-by-hop for this connection only. */
    public static Set<String> connectionNamed(List<String> connectionValues) {
        Set<String> named = new HashSet<>();
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    named.add(name);
                }
            }
        }
        return named;
    }
}
