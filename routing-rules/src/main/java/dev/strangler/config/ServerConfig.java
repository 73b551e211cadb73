package dev.strangler.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The public listener end users connect to ({@code server:}).
 *
 * @param host           the address to bind ({@code host:}, default {@code 0.0.0.0})
 * @param port           the port ({@code port:}, default 8080, 0..65535; 0 picks any free port, for tests)
 * @param trustedProxies peers whose {@code X-Forwarded-*} and {@code Forwarded} headers are believed
 *                       ({@code trustedProxies:}, a list of IP addresses or CIDR blocks such as
 *                       {@code 10.0.0.0/8}, or of {@code {address, headers: [...]}} naming the forwarding headers
 *                       that peer may set ({@link TrustedProxy}); default none: client-supplied forwarding headers
 *                       are replaced or removed)
 * @param drainTimeout   how long a stopping proxy lets requests in flight finish ({@code drainTimeout:},
 *                       default 30s)
 * @param limits         request size and time limits ({@code limits:})
 * @param preserveHost   whether upstreams receive the client's Host header ({@code preserveHost:}, default false:
 *                       they receive their own host from {@code upstreams.*.url}, and {@code X-Forwarded-Host}
 *                       carries the client's)
 * @param revealRouting  whether responses carry {@code X-Strangler-Upstream} and {@code X-Strangler-Rule}
 *                       headers for end users ({@code revealRouting:}, default false; SPEC §3.5)
 */
public record ServerConfig(String host, int port, List<TrustedProxy> trustedProxies, Duration drainTimeout,
                           ServerLimits limits, boolean preserveHost, boolean revealRouting) {

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(limits, "limits");
        trustedProxies = List.copyOf(trustedProxies);
    }
}
