package dev.strangler.proxy;

import dev.strangler.proxy.metrics.EventLog;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * Part of the server's composition root: which data plane serves end users, the Vert.x one of
 * {@code dev.strangler.proxy.forward} (the default) or the Netty one of {@code dev.strangler.proxy.edge}, chosen by
 * the environment as the transport is ({@code TransportChoice}).
 */
final class PlaneChoice {

    /** The environment variable that chooses the data plane: {@code vertx} (the default) or {@code netty}. */
    static final String VARIABLE = "STRANGLER_DATA_PLANE";

    private PlaneChoice() {
    }

    /**
     * Whether {@value #VARIABLE} asks for the Netty plane ({@code dev.strangler.proxy.edge}), logged as a
     * {@code data_plane} event either way. That plane counts requests in flight per user, decides again when a
     * decision went stale, traces, feeds the shadow comparison and restarts tunnels as the Vert.x plane does; it
     * cannot reach {@code https} upstreams yet (it refuses to start with one) and is not yet the default
     * (bench/results/netty-plane.md).
     */
    static boolean netty(Map<String, String> environment, EventLog log) {
        String name = environment.getOrDefault(VARIABLE, "vertx").trim().toLowerCase(Locale.ROOT);
        if (!name.equals("vertx") && !name.equals("netty") && !name.isEmpty()) {
            throw new IllegalArgumentException(VARIABLE + ": " + name + " (expected: vertx or netty)");
        }
        boolean netty = name.equals("netty");
        JsonObject fields = new JsonObject().put("plane", netty ? "netty" : "vertx");
        if (netty) {
            fields.put("missing", "https upstreams");
        }
        log.write("data_plane", fields);
        return netty;
    }
}
