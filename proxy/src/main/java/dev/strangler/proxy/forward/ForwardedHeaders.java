package dev.strangler.proxy.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;

/**
 * Tells the upstream who the client is: {@code X-Forwarded-For}, {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host} and {@code Forwarded} (RFC 7239). A client's own values are kept and extended only
 * when the peer is a trusted proxy; otherwise they are replaced, since anyone can write them.
 */
final class ForwardedHeaders {

    private final TrustedProxies trustedProxies;

    ForwardedHeaders(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** Writes the four headers into {@code to}, which must not already hold them. */
    void apply(MultiMap from, SocketAddress peer, boolean tls, MultiMap to) {
        String client = peer == null ? "unknown" : peer.hostAddress();
        String proto = tls ? "https" : "http";
        String host = from.get("Host");
        boolean trusted = trustedProxies.trusts(client);

        String priorFor = trusted ? joined(from, "X-Forwarded-For") : null;
        to.set("X-Forwarded-For", priorFor == null ? client : priorFor + ", " + client);
        String priorProto = trusted ? from.get("X-Forwarded-Proto") : null;
        to.set("X-Forwarded-Proto", priorProto == null ? proto : priorProto);
        String priorHost = trusted ? from.get("X-Forwarded-Host") : null;
        String forwardedHost = priorHost == null ? host : priorHost;
        if (forwardedHost != null) {
            to.set("X-Forwarded-Host", forwardedHost);
        }

        StringBuilder element = new StringBuilder("for=").append(node(client)).append(";proto=").append(proto);
        if (host != null) {
            element.append(";host=\"").append(host).append('"');
        }
        String priorForwarded = trusted ? joined(from, "Forwarded") : null;
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
