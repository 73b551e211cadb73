package dev.strangler.proxy.forward;

import dev.strangler.rules.Upstream;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the data plane needs to know, as immutable values: the two upstreams, the limits it enforces on
 * clients and how it writes headers. The wiring class builds it from the configuration; tests build it directly.
 *
 * @param upstreams      legacy and modern
 * @param limits         what clients may send
 * @param trustedProxies peers whose {@code X-Forwarded-*} and {@code Forwarded} headers are believed
 * @param hostHeader     whether the upstream sees the client's {@code Host} or its own authority
 * @param revealRoute    whether responses carry {@code X-Strangler-Upstream} and {@code X-Strangler-Rule}; off for
 *                       end users (SPEC §3.5)
 */
public record ProxySettings(Map<Upstream, UpstreamSettings> upstreams, ClientLimits limits,
                            TrustedProxies trustedProxies, HostHeader hostHeader, boolean revealRoute) {

    /** What the upstream sees in {@code Host}. */
    public enum HostHeader {
        /** The client's {@code Host}, for applications that build links from it. */
        PRESERVE,
        /** The upstream's own {@code host:port}; the client's travels in {@code X-Forwarded-Host}. */
        REWRITE
    }

    public ProxySettings {
        upstreams = Map.copyOf(new EnumMap<>(upstreams));
        for (Upstream upstream : Upstream.values()) {
            if (!upstreams.containsKey(upstream)) {
                throw new IllegalArgumentException("upstreams: " + upstream.id() + " is missing (expected: legacy and modern)");
            }
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(hostHeader, "hostHeader");
    }

    /** Two upstreams with default limits, nobody trusted, {@code Host} preserved, routing not revealed. */
    public static ProxySettings defaults(UpstreamSettings legacy, UpstreamSettings modern) {
        return new ProxySettings(Map.of(Upstream.LEGACY, legacy, Upstream.MODERN, modern), ClientLimits.DEFAULTS,
                TrustedProxies.none(), HostHeader.PRESERVE, false);
    }

    public UpstreamSettings upstream(Upstream upstream) {
        return upstreams.get(upstream);
    }

    public ProxySettings withLimits(ClientLimits newLimits) {
        return new ProxySettings(upstreams, newLimits, trustedProxies, hostHeader, revealRoute);
    }

    public ProxySettings withHeaders(TrustedProxies trusted, HostHeader host, boolean reveal) {
        return new ProxySettings(upstreams, limits, trusted, host, reveal);
    }
}
