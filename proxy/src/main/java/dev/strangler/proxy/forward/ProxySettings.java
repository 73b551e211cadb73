package dev.strangler.proxy.forward;

import dev.strangler.rules.Upstream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the data plane needs to know, as immutable values: the two upstreams and the limits it enforces on
 * clients. The wiring class builds it from the configuration file; tests build it directly.
 *
 * @param upstreams      legacy and modern
 * @param maxConnections client connections accepted at once; further ones are closed on accept
 * @param headerTimeout  how long a client may take to send a request's head (slowloris); also how long an idle
 *                       keep-alive connection waits for its next request
 * @param idleTimeout    how long a client connection may stay silent in the middle of a request
 * @param maxBodyBytes   largest request body accepted (413 beyond it); 0 for no limit
 * @param trustedProxies peers whose {@code X-Forwarded-*} and {@code Forwarded} headers are believed
 * @param hostHeader     whether the upstream sees the client's {@code Host} or its own authority
 * @param revealRoute    whether responses carry {@code X-Strangler-Upstream}; off for end users (SPEC §3.5)
 */
public record ProxySettings(Map<Upstream, UpstreamSettings> upstreams, int maxConnections, Duration headerTimeout,
                            Duration idleTimeout, long maxBodyBytes, TrustedProxies trustedProxies,
                            HostHeader hostHeader, boolean revealRoute) {

    /** What the upstream sees in {@code Host}. */
    public enum HostHeader {
        /** The client's {@code Host}, as most applications behind a proxy expect (links and cookies stay right). */
        PRESERVE,
        /** The upstream's own {@code host:port}, for applications that only answer to their own name. */
        REWRITE
    }

    public ProxySettings {
        upstreams = Map.copyOf(new EnumMap<>(upstreams));
        for (Upstream upstream : Upstream.values()) {
            if (!upstreams.containsKey(upstream)) {
                throw new IllegalArgumentException("upstreams: " + upstream.id() + " is missing (expected: legacy and modern)");
            }
        }
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(hostHeader, "hostHeader");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: 1 or more)");
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: 0 for no limit, or more)");
        }
    }

    /** Production defaults around two upstreams: 10 000 connections, 10 s for a head, 60 s idle, no body limit. */
    public static ProxySettings defaults(UpstreamSettings legacy, UpstreamSettings modern) {
        return new ProxySettings(Map.of(Upstream.LEGACY, legacy, Upstream.MODERN, modern), 10_000,
                Duration.ofSeconds(10), Duration.ofSeconds(60), 0, TrustedProxies.none(), HostHeader.PRESERVE, false);
    }

    public UpstreamSettings upstream(Upstream upstream) {
        return upstreams.get(upstream);
    }

    public ProxySettings withLimits(int maxConnections, Duration headerTimeout, Duration idleTimeout, long maxBodyBytes) {
        return new ProxySettings(upstreams, maxConnections, headerTimeout, idleTimeout, maxBodyBytes, trustedProxies,
                hostHeader, revealRoute);
    }

    public ProxySettings withHeaders(TrustedProxies trustedProxies, HostHeader hostHeader, boolean revealRoute) {
        return new ProxySettings(upstreams, maxConnections, headerTimeout, idleTimeout, maxBodyBytes, trustedProxies,
                hostHeader, revealRoute);
    }
}
