package dev.strangler.proxy.forward;

import java.time.Duration;
import java.util.Objects;

/**
 * What the listener tolerates from clients; anything beyond is answered by the proxy and never forwarded.
 *
 * @param maxConnections       client connections open at once; further ones are closed on accept
 * @param maxInitialLineLength longest request line (414 beyond)
 * @param maxHeaderSize        largest request head (431 beyond)
 * @param headerTimeout        how long a client may take to send a request head, counted from the connection or
 *                             from its previous response (slowloris); the connection is closed after it
 * @param idleTimeout          how long a connection may stay silent in the middle of a request
 * @param maxBodyBytes         largest request body (413 beyond); 0 for no limit
 */
public record ClientLimits(int maxConnections, int maxInitialLineLength, int maxHeaderSize, Duration headerTimeout,
                           Duration idleTimeout, long maxBodyBytes) {

    /** 10 000 connections, 4 KiB request line, 8 KiB head, 10 s for a head, 60 s idle, no body limit. */
    public static final ClientLimits DEFAULTS = new ClientLimits(10_000, 4096, 8192, Duration.ofSeconds(10),
            Duration.ofSeconds(60), 0);

    public ClientLimits {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: 1 or more)");
        }
        if (maxInitialLineLength < 64 || maxHeaderSize < 256) {
            throw new IllegalArgumentException("maxInitialLineLength/maxHeaderSize: " + maxInitialLineLength + "/"
                    + maxHeaderSize + " (expected: at least 64/256)");
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: 0 for no limit, or more)");
        }
    }
}
