package dev.strangler.proxy.control;

import dev.strangler.proxy.jwks.JwksRefresher;
import dev.strangler.proxy.metrics.StateGauges;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The parts of a running instance that keep it in step with the fleet and with its configuration file: runtime
 * percentages and their notifications, the configuration watcher, the state gauges and the JWKS keys of token
 * verification. The server's composition
 * root builds each part and starts the control plane before the listeners, so the first request already sees the
 * runtime percentages.
 */
public final class ControlPlane {

    private final RuntimeRollout rollout;
    private final ConfigReloader reloader;
    private final ControlChannel channel;
    private final StateGauges gauges;
    private final JwksRefresher jwks;

    private ControlPlane(RuntimeRollout rollout, ConfigReloader reloader, ControlChannel channel, StateGauges gauges,
                         JwksRefresher jwks) {
        this.rollout = rollout;
        this.reloader = reloader;
        this.channel = channel;
        this.gauges = gauges;
        this.jwks = jwks;
    }

    /**
     * Waits for the channel's first read of the runtime percentages, then watches the configuration file and counts
     * users once; fails if either cannot.
     */
    public static Future<ControlPlane> start(RuntimeRollout rollout, ConfigReloader reloader,
                                             Future<ControlChannel> channel, StateGauges gauges, JwksRefresher jwks) {
        return channel.compose(listening -> {
            try {
                reloader.watch();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot watch the configuration file's folder", e);
            }
            return gauges.refresh().map(counted -> new ControlPlane(rollout, reloader, listening, gauges, jwks));
        });
    }

    /** The routing table in force and the runtime percentages applied to it. */
    public RuntimeRollout rollout() {
        return rollout;
    }

    /** The configuration file's reloader. */
    public ConfigReloader reloader() {
        return reloader;
    }

    /** Re-reads the runtime percentages at once after a local change. */
    public ControlChannel channel() {
        return channel;
    }

    /** The state and rollout gauges, republished after a rollout change. */
    public StateGauges gauges() {
        return gauges;
    }

    public Future<Void> close() {
        gauges.close();
        try {
            reloader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Future.join(channel.close(), jwks.close()).mapEmpty();
    }
}
