package dev.strangler.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on what a client may send ({@code server.limits:}); a request beyond one is answered 400, 408, 413, 414
 * or 431 and never forwarded. Sizes are bytes or {@code KB}/{@code MB} (powers of 1024): {@code 8KB}.
 *
 * @param maxHeaderSize        the total size of a request's headers ({@code maxHeaderSize:}, default 8KB;
 *                             beyond: 431)
 * @param maxInitialLineLength the request line's length ({@code maxInitialLineLength:}, default 4KB; beyond: 414)
 * @param maxConnections       concurrent client connections ({@code maxConnections:}, default 10000)
 * @param idleTimeout          a client connection without traffic is closed after ({@code idleTimeout:},
 *                             default 60s)
 * @param headerReadTimeout    the time a client has to send its headers ({@code headerReadTimeout:}, default 10s;
 *                             beyond: 408, against slow-header attacks)
 * @param maxBodySize          a request body's size ({@code maxBodySize:}, beyond: 413); default 0, no limit, because a
 *                             proxy that users must never notice does not refuse what the upstream would accept
 */
public record ServerLimits(int maxHeaderSize, int maxInitialLineLength, int maxConnections, Duration idleTimeout,
                           Duration headerReadTimeout, long maxBodySize) {

    /** Every default. */
    public static final ServerLimits DEFAULTS = new ServerLimits(8 * 1024, 4 * 1024, 10_000, Duration.ofSeconds(60),
            Duration.ofSeconds(10), 0);

    public ServerLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(headerReadTimeout, "headerReadTimeout");
    }
}
