package dev.strangler.proxy;

import dev.strangler.config.ProxyConfig;
import dev.strangler.proxy.metrics.EventLog;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * Part of the server's composition root: which data plane serves end users, the Vert.x one of
 * {@code dev.strangler.proxy.forward} (the default) or the Netty one of {@code dev.strangler.proxy.edge}, chosen by
 * the configuration ({@code proxy.dataPlane}) and overridden by the environment, as the transport is chosen
 * ({@code TransportChoice}).
 */
final class PlaneChoice {

    /** The environment variable that overrides {@code proxy.dataPlane}: {@code vertx} or {@code netty}. */
    static final String VARIABLE = "STRANGLER_DATA_PLANE";

    private PlaneChoice() {
    }

    /**
     * Whether the Netty plane ({@code dev.strangler.proxy.edge}) serves: {@value #VARIABLE} when set, else
     * {@code configured}; logged as a {@code data_plane} event either way, with where the choice came from. Both
     * planes count requests in flight per user, decide again when a decision went stale, trace, feed the shadow
     * comparison, restart tunnels and reach {@code https} upstreams alike.
     */
    static boolean netty(Map<String, String> environment, ProxyConfig.DataPlane configured, EventLog log) {
        String variable = environment.getOrDefault(VARIABLE, "").trim().toLowerCase(Locale.ROOT);
        if (!variable.isEmpty() && !variable.equals("vertx") && !variable.equals("netty")) {
            throw new IllegalArgumentException(VARIABLE + ": " + variable + " (expected: vertx or netty)");
        }
        String plane = variable.isEmpty() ? configured.id() : variable;
        boolean netty = plane.equals(ProxyConfig.DataPlane.NETTY.id());
        log.write("data_plane", new JsonObject().put("plane", plane)
                .put("from", variable.isEmpty() ? "proxy.dataPlane" : VARIABLE));
        return netty;
    }
}
