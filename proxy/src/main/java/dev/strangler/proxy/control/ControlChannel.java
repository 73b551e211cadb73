package dev.strangler.proxy.control;

import dev.strangler.migrator.Fleet;
import dev.strangler.migrator.RolloutStore.RuntimePercent;
import dev.strangler.proxy.metrics.NotificationMeter;
import dev.strangler.proxy.routing.MigratedKeys;
import dev.strangler.proxy.routing.UserFactsCache;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps this instance in step with the others through the state database. It listens on channel
 * {@value #CHANNEL} (the state schema's triggers notify {@code rollout} after a runtime percentage changed,
 * {@code tokens} after an admin token was added or revoked and {@code user KEY} after a user's state or pin changed)
 * and re-reads the {@link SharedSettings} on their notification, and all of them after every (re)connection and
 * every {@link SharedSettings#every} as a safety net, so an instance that missed notifications while disconnected
 * still converges (a revoked token stops working within that period even then). A (re)connection also forgets
 * every cached user, whose changes may have been missed meanwhile, and reloads the {@link MigratedKeys}
 * ({@link KnownUsers}); from the
 * moment the listening connection is lost (closed, or silent to a heartbeat query for two seconds) until that
 * reload, nobody counts as certainly not migrated. A user's notification makes the user maybe migrated at once,
 * then makes the instance forget and read that user again ({@link UserFactsCache#changedElsewhere}).
 */
public final class ControlChannel {

    /** The notification channel the state schema's triggers write to. */
    public static final String CHANNEL = "strangler_control";
    private static final Logger LOG = Logger.getLogger(ControlChannel.class.getName());
    private static final long RECONNECT_MILLIS = 1_000;
    /** How long a start waits for its first subscription; a listener not there by then starts fenced, retrying. */
    private static final long FIRST_LISTEN_MILLIS = 5_000;
    /**
     * The payload of the heartbeat this instance sends itself through its listening connection every second: it
     * answers like {@code SELECT 1} and proves that notifications still arrive
     * ({@code strangler_control_last_notification_seconds}).
     */
    private static final String HEARTBEAT = "heartbeat";
    /** How often the listening connection is checked for loss. */
    private static final long WATCH_MILLIS = 200;
    /** How often the listening connection must answer a query... */
    private static final long HEARTBEAT_MILLIS = 1_000;
    /** ...within this long, or it counts as lost (a link that drops packets never reports an error). */
    private static final long HEARTBEAT_DEADLINE_MILLIS = 2_000;

    private final Vertx vertx;
    private final SharedSettings settings;
    private final KnownUsers users;
    private final PgConnectOptions modern;
    private volatile PgSubscriber subscriber;
    private final long resyncTimer;
    private final long watchTimer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean listening = new AtomicBoolean();
    /**
     * The connection whose subscription was last handled: a barrier token that arrives on a newer one before its
     * subscription is handled (the subscriber dispatches notifications at once but runs the handler a turn later) is
     * not heard, since the users changed while no connection listened are not waited for yet.
     */
    private volatile PgConnection subscribedOn;
    /**
     * Completed once the first subscription was handled (every cached user forgotten, the keys reloaded): the
     * server serves only after it, or after {@link #FIRST_LISTEN_MILLIS}, so that forgetting everyone never makes
     * the first requests, decided meanwhile, be decided again (and refused admission twice).
     */
    private final Promise<Void> firstSubscription = Promise.promise();
    private final AtomicBoolean beating = new AtomicBoolean();
    private final long heartbeatTimer;
    private final NotificationMeter notifications;
    private final FleetMembership fleet;

    private ControlChannel(Vertx vertx, PgConnectOptions modern, SharedSettings settings, KnownUsers users,
                           NotificationMeter notifications, FleetMembership fleet) {
        this.vertx = vertx;
        this.fleet = fleet;
        this.notifications = notifications;
        this.settings = settings;
        this.users = users;
        this.modern = modern;
        this.subscriber = newSubscriber();
        this.resyncTimer = vertx.setPeriodic(settings.every().toMillis(), id -> {
            resync();
            settings.reloadTokens();
        });
        this.watchTimer = vertx.setPeriodic(WATCH_MILLIS, id -> watch());
        this.heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> heartbeat());
    }

    /**
     * Reads the shared settings once (percentages, stages, tokens), starts listening and joins the
     * {@code fleet} (it is told of every user's change and every barrier heard, and of the listening connection's
     * loss). The future completes once the first subscription was handled, or {@value #FIRST_LISTEN_MILLIS} ms after
     * joining without it; it fails only if a first read fails or the instance cannot register. A listener that
     * cannot connect keeps retrying while the periodic re-read keeps the instance converging (fenced meanwhile).
     */
    public static Future<ControlChannel> start(Vertx vertx, PgConnectOptions modern, SharedSettings settings,
                                               KnownUsers users, NotificationMeter notifications,
                                               FleetMembership fleet) {
        ControlChannel channel = new ControlChannel(vertx, modern, settings, users, notifications, fleet);
        channel.connect();
        return channel.resync().compose(read -> settings.reloadTokens())
                .compose(read -> fleet.start(channel::resyncUsers))
                .compose(joined -> channel.firstSubscription.future()
                        .timeout(FIRST_LISTEN_MILLIS, TimeUnit.MILLISECONDS)
                        .recover(late -> Future.succeededFuture()))
                .map(channel);
    }

    /** Forgets every user and reloads the migrated keys: after this instance's fleet row was found gone. */
    private void resyncUsers() {
        users.forgetAll(this::listening);
    }

    /** Whether the listening connection is up and this channel not closed: keys reloads are retried meanwhile. */
    private boolean listening() {
        return !closed.get() && listening.get();
    }

    /**
     * A subscriber that reconnects by itself once it has connected (its reconnect policy), and on every
     * (re)subscription forgets every cached user, reloads the migrated keys, the percentages and the tokens.
     */
    private PgSubscriber newSubscriber() {
        PgSubscriber fresh = PgSubscriber.subscriber(vertx, modern).reconnectPolicy(retries -> RECONNECT_MILLIS);
        fresh.channel(CHANNEL)
                .subscribeHandler(subscribed -> {
                    subscribedOn = fresh.actualConnection();
                    listening.set(true);
                    users.forgetAll(this::listening);
                    fleet.listening(true);
                    resync();
                    settings.reloadTokens();
                    firstSubscription.tryComplete();
                })
                .handler(payload -> onNotification(fresh, payload));
        return fresh;
    }

    /**
     * Connects the listener. A first connection that fails is never retried by the subscriber itself (and a second
     * {@code connect()} on it never completes, vertx-pg-client 5.0.10), so it is closed and a new one tries again.
     */
    private void connect() {
        PgSubscriber trying = subscriber;
        trying.connect().onFailure(error -> {
            trying.close();
            if (!closed.get()) {
                LOG.log(Level.WARNING, "control channel: cannot listen on the state database, retrying: "
                        + error.getMessage());
                vertx.setTimer(RECONNECT_MILLIS, id -> {
                    if (!closed.get()) {
                        subscriber = newSubscriber();
                        connect();
                    }
                });
            }
        });
    }

    /** Notices the loss of the listening connection, after which changes may be missed until the next subscribe. */
    private void watch() {
        if (subscriber.actualConnection() == null && listening.compareAndSet(true, false)) {
            users.stale();
            fleet.listening(false);
            LOG.warning("control channel: lost the listening connection; unknown states answer 503 until it is back");
        }
    }

    /**
     * Asks the listening connection for {@code SELECT 1}; one that does not answer in time is closed (the subscriber
     * reconnects) and the migrated keys go stale at once, since notifications may be silently lost on it.
     */
    private void heartbeat() {
        PgConnection connection = subscriber.actualConnection();
        if (connection == null || !listening.get() || !beating.compareAndSet(false, true)) {
            return;
        }
        connection.query("SELECT pg_notify('" + CHANNEL + "', '" + HEARTBEAT + "')").execute()
                .timeout(HEARTBEAT_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                .onComplete(answered -> {
                    beating.set(false);
                    if (answered.failed() && subscriber.actualConnection() == connection
                            && listening.compareAndSet(true, false)) {
                        users.stale();
                        fleet.listening(false);
                        LOG.warning("control channel: the listening connection stopped answering ("
                                + answered.cause().getMessage() + "); reconnecting, unknown states answer 503");
                        connection.close();
                    }
                });
    }

    private void onNotification(PgSubscriber on, String payload) {
        notifications.received();
        if (payload.equals(HEARTBEAT) || payload.equals("ramps")) {
            return;
        }
        if (payload.startsWith("user ")) {
            String userKey = payload.substring("user ".length());
            users.changed(userKey);
            fleet.changed(userKey);
        } else if (payload.startsWith(Fleet.BARRIER_PREFIX)) {
            if (!listening.get() || on.actualConnection() != subscribedOn) {
                return;
            }
            fleet.heard(Long.parseLong(payload.substring(Fleet.BARRIER_PREFIX.length())));
        } else if (payload.equals("tokens")) {
            settings.reloadTokens();
        } else {
            resync();
        }
    }

    /**
     * Reads the runtime percentages and the cohort stages now and applies them; fails (applying neither) when either
     * cannot be read.
     */
    public Future<Map<String, RuntimePercent>> resync() {
        return settings.resync();
    }

    public Future<Void> close() {
        closed.set(true);
        Future<Void> left = fleet.stop();
        vertx.cancelTimer(resyncTimer);
        vertx.cancelTimer(watchTimer);
        vertx.cancelTimer(heartbeatTimer);
        return Future.join(left, subscriber.close()).mapEmpty();
    }
}
