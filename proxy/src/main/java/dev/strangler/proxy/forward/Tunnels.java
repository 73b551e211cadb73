package dev.strangler.proxy.forward;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket tunnels open now, by user key, so that a tunnel can be closed when its user's route changes
 * (a migration, a rollback, a pin): a tunnel spliced to legacy must not keep writing there once the user's data
 * lives on modern. The client is told {@code 1012 Service Restart} and reconnects, to be routed afresh.
 * Shared by every event loop; each tunnel is closed on its own.
 */
public final class Tunnels {

    private final Map<String, Set<SplicedTunnel>> byUser = new ConcurrentHashMap<>();

    /** Closes every tunnel of this user with 1012; safe from any thread. */
    public void restart(String userKey) {
        Set<SplicedTunnel> tunnels = userKey == null ? null : byUser.remove(userKey);
        if (tunnels != null) {
            tunnels.forEach(SplicedTunnel::restart);
        }
    }

    void opened(String userKey, SplicedTunnel tunnel) {
        if (userKey != null) {
            byUser.computeIfAbsent(userKey, key -> ConcurrentHashMap.newKeySet()).add(tunnel);
        }
    }

    void closed(String userKey, SplicedTunnel tunnel) {
        if (userKey != null) {
            byUser.computeIfPresent(userKey, (key, tunnels) -> {
                tunnels.remove(tunnel);
                return tunnels.isEmpty() ? null : tunnels;
            });
        }
    }
}
