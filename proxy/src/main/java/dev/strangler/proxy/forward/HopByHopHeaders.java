package dev.strangler.proxy.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.HashSet;
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
final class HopByHopHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "te", "trailer",
            "transfer-encoding", "upgrade", "proxy-connection", "proxy-authorization", "proxy-authenticate",
            "http2-settings");
    private static final Set<String> SET_BY_PROXY = Set.of("host", "x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host", "forwarded", "expect");
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
        Set<String> named = connectionNamed(from);
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || name.startsWith(INTERNAL_PREFIX)
                    || (request && SET_BY_PROXY.contains(name)) || (named != null && named.contains(name))) {
                continue;
            }
            to.add(header.getKey(), header.getValue());
        }
    }

    private static Set<String> connectionNamed(MultiMap headers) {
        if (!headers.contains(HttpHeaders.CONNECTION)) {
            return null;
        }
        Set<String> named = new HashSet<>();
        for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
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
