package dev.strangler.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One peer allowed to tell the proxy who the client is ({@code server.trustedProxies[]}): either an address or
 * CIDR block ({@code 10.0.0.0/8}), which may set every forwarding header, or
 * {@code {address: 10.0.0.0/8, headers: [X-Forwarded-For, X-Real-IP]}}, which may set only the ones listed. From
 * anyone else, and for headers a proxy may not set, {@code Forwarded} and {@code X-Forwarded-For/Proto/Host} are
 * replaced by the proxy's own and the other forwarding headers are removed.
 *
 * @param address an IP address or CIDR block
 * @param headers the forwarding headers this peer may set, lower case, each one of {@link #FORWARDING_HEADERS}
 */
public record TrustedProxy(String address, Set<String> headers) {

    /** Every header an upstream may take as a proxy's word about the client or the original request. */
    public static final Set<String> FORWARDING_HEADERS = Set.of("forwarded", "x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-ssl", "x-real-ip",
            "x-original-url", "x-rewrite-url", "x-original-forwarded-for");

    public TrustedProxy {
        Objects.requireNonNull(address, "address");
        headers = headers.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        for (String name : headers) {
            if (!FORWARDING_HEADERS.contains(name)) {
                throw new IllegalArgumentException("headers: " + name + " (expected: one of "
                        + FORWARDING_HEADERS.stream().sorted().toList() + ")");
            }
        }
    }

    /** A peer that may set every forwarding header. */
    public static TrustedProxy allHeaders(String address) {
        return new TrustedProxy(address, FORWARDING_HEADERS);
    }
}
