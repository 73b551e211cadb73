package dev.strangler.config;

import java.util.Locale;
import java.util.Objects;

/**
 * How the proxy serves end users ({@code proxy:}).
 *
 * @param dataPlane which data plane listens for end users ({@code dataPlane:}, {@code vertx} (the default) or
 *                  {@code netty}); the environment variable {@code STRANGLER_DATA_PLANE}, when set, overrides it.
 *                  Both route, count, trace, tap, restart tunnels and reach {@code https} upstreams alike
 */
public record ProxyConfig(DataPlane dataPlane) {

    /** Every default. */
    public static final ProxyConfig DEFAULTS = new ProxyConfig(DataPlane.VERTX);

    public ProxyConfig {
        Objects.requireNonNull(dataPlane, "dataPlane");
    }

    /** The data planes there are. */
    public enum DataPlane {
        /** Vert.x's HTTP server and client (the default). */
        VERTX,
        /** Netty's pipeline directly, on the same event loops. */
        NETTY;

        /** The name in the configuration file and the environment. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
