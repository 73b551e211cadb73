package dev.strangler.proxy.forward;

import dev.strangler.config.TrustedProxy;
import io.vertx.core.MultiMap;
import java.util.Set;
import io.vertx.core.net.SocketAddress;

/**
 * Tells the upstream who the client is: {@code X-Forwarded-For}, {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host} and {@code Forwarded} (RFC 7239). A client's own values are kept and extended only
 * when the peer is a trusted proxy allowed to set them; otherwise they are replaced, since anyone can write them.
 * The other headers upstreams read as a proxy's word ({@code X-Real-IP}, {@code X-Forwarded-Port},
 * {@code X-Original-URL}...: {@link TrustedProxy#FORWARDING_HEADERS}) are removed unless the peer may set them.
 */
final class ForwardedHeaders {

    private final TrustedProxies trustedProxies;

    ForwardedHeaders(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /**
     * Writes the four headers into {@code to}, replacing what was copied there from the client, and removes the
     * other forwarding headers the peer may not set.
     */
    void apply(MultiMap from, SocketAddress peer, boolean tls, MultiMap to) {
        String client = peer == null ? "unknown" : peer.hostAddress();
        String proto = tls ? "https" : "http";
        String host = from.get("Host");
        Set<String> allowed = trustedProxies.allowedHeaders(client);
        for (String name : TrustedProxy.FORWARDING_HEADERS) {
            if (!allowed.contains(name)) {
                to.remove(name);
            }
        }

        String priorFor = allowed.contains("x-forwarded-for") ? joined(from, "X-Forwarded-For") : null;
        to.set("X-Forwarded-For", priorFor == null ? client : priorFor + ", " + client);
        String priorProto = allowed.contains("x-forwarded-proto") ? from.get("X-Forwarded-Proto") : null;
        to.set("X-Forwarded-Proto", priorProto == null ? proto : priorProto);
        String priorHost = allowed.contains("x-forwarded-host") ? from.get("X-Forwarded-Host") : null;
        String forwardedHost = priorHost == null ? host : priorHost;
        if (forwardedHost != null) {
            to.set("X-Forwarded-Host", forwardedHost);
        }

        StringBuilder element = new StringBuilder("for=").append(node(client)).append(";proto=").append(proto);
        if (host != null) {
            element.append(";host=\"").append(host).append('"');
        }
        String priorForwarded = allowed.contains("forwarded") ? joined(from, "Forwarded") : null;
        to.set("Forwarded", priorForwarded == null ? element.toString() : priorForwarded + ", " + element);
    }

    private static String joined(MultiMap headers, String name) {
        if (!headers.contains(name)) {
            return null;
        }
        return String.join(", ", headers.getAll(name));
    }

    private static String node(String address) {
        return address.indexOf(':') >= 0 ? "\"[" + address + "]\"" : address;
    }
}
