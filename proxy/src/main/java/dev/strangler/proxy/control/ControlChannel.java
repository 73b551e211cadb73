package dev.strangler.proxy.control;

import dev.strangler.migrator.RolloutStore.RuntimePercent;
import dev.strangler.migrator.RolloutStore;
import dev.strangler.proxy.routing.UserFactsCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps this instance in step with the others through the state database. It listens on channel
 * {@value #CHANNEL} (the state schema's triggers notify {@code rollout} after a runtime percentage changed and
 * {@code user KEY} after a user's state or pin changed) and re-reads the runtime percentages on every notification,
 * after every (re)connection, and every {@code resyncEvery} as a safety net, so an instance that missed
 * notifications while disconnected still converges. A (re)connection also forgets every cached user, whose changes
 * may have been missed meanwhile.
 */
public final class ControlChannel {

    /** The notification channel the state schema's triggers write to. */
    public static final String CHANNEL = "strangler_control";
    private static final Logger LOG = Logger.getLogger(ControlChannel.class.getName());
    private static final long RECONNECT_MILLIS = 1_000;

    private final Vertx vertx;
    private final RolloutStore store;
    private final RuntimeRollout rollout;
    private final UserFactsCache facts;
    private final PgSubscriber subscriber;
    private final long resyncTimer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ControlChannel(Vertx vertx, PgConnectOptions modern, RolloutStore store, RuntimeRollout rollout,
                           UserFactsCache facts, Duration resyncEvery) {
        this.vertx = vertx;
        this.store = store;
        this.rollout = rollout;
        this.facts = facts;
        this.subscriber = PgSubscriber.subscriber(vertx, modern).reconnectPolicy(retries -> RECONNECT_MILLIS);
        subscriber.channel(CHANNEL)
                .subscribeHandler(subscribed -> {
                    facts.invalidateAll();
                    resync();
                })
                .handler(this::onNotification);
        this.resyncTimer = vertx.setPeriodic(resyncEvery.toMillis(), id -> resync());
    }

    /**
     * Reads the runtime percentages once and starts listening. The future fails only if the first read fails; a
     * listener that cannot connect keeps retrying while the periodic re-read keeps the instance converging.
     */
    public static Future<ControlChannel> start(Vertx vertx, PgConnectOptions modern, RolloutStore store,
                                               RuntimeRollout rollout, UserFactsCache facts, Duration resyncEvery) {
        ControlChannel channel = new ControlChannel(vertx, modern, store, rollout, facts, resyncEvery);
        channel.connect();
        return channel.resync().map(channel);
    }

    private void connect() {
        subscriber.connect().onFailure(error -> {
            if (!closed.get()) {
                LOG.log(Level.WARNING, "control channel: cannot listen on the state database, retrying: "
                        + error.getMessage());
                vertx.setTimer(RECONNECT_MILLIS, id -> connect());
            }
        });
    }

    private void onNotification(String payload) {
        if (payload.startsWith("user ")) {
            facts.invalidate(payload.substring("user ".length()));
        } else {
            resync();
        }
    }

    /** Reads the runtime percentages now and applies them. */
    public Future<Map<String, RuntimePercent>> resync() {
        return store.all()
                .onSuccess(rollout::runtime)
                .onFailure(error -> LOG.log(Level.WARNING, "control channel: cannot read runtime percentages: "
                        + error.getMessage()));
    }

    public Future<Void> close() {
        closed.set(true);
        vertx.cancelTimer(resyncTimer);
        return subscriber.close();
    }
}
