package dev.strangler.proxy.forward;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket tunnels open now, by user key, so that a tunnel can be closed when its user's route changes
 * (a migration, a rollback, a pin): a tunnel spliced to legacy must not keep writing there once the user's data
 * lives on modern. The client is told {@code 1012 Service Restart} and reconnects, to be routed afresh.
 * Shared by every event loop; each tunnel is closed on its own. Both data planes register theirs here
 * ({@link SplicedTunnel} in the Vert.x plane, the Netty plane's splice in {@code dev.strangler.proxy.edge}).
 */
public final class Tunnels {

    /** A tunnel that can be ended with {@code 1012 Service Restart}. */
    public interface Tunnel {

        /** Ends the tunnel with 1012 between two frames toward the client; safe from any thread. */
        void restart();
    }

    private final Map<String, Set<Tunnel>> byUser = new ConcurrentHashMap<>();

    /** Closes every tunnel of this user with 1012; safe from any thread. */
    public void restart(String userKey) {
        Set<Tunnel> tunnels = userKey == null ? null : byUser.remove(userKey);
        if (tunnels != null) {
            tunnels.forEach(Tunnel::restart);
        }
    }

    /** Registers an open tunnel of the user (null: none, nothing to register). */
    public void opened(String userKey, Tunnel tunnel) {
        if (userKey != null) {
            byUser.computeIfAbsent(userKey, key -> ConcurrentHashMap.newKeySet()).add(tunnel);
        }
    }

    /** The tunnel closed. */
    public void closed(String userKey, Tunnel tunnel) {
        if (userKey != null) {
            byUser.computeIfPresent(userKey, (key, tunnels) -> {
                tunnels.remove(tunnel);
                return tunnels.isEmpty() ? null : tunnels;
            });
        }
    }
}
