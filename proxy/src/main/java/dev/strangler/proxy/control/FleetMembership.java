package dev.strangler.proxy.control;

import dev.strangler.migrator.Fleet;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.metrics.FleetMeter;
import dev.strangler.proxy.routing.MigratedKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * This instance's place in the fleet ({@link Fleet}; README "Barrier"). It registers, renews its lease every third
 * of its length and leaves on a graceful stop. On each barrier token the {@link ControlChannel} hears (after every
 * notification before it was applied), it waits until this instance's requests of the users whose state changed
 * since the previous barrier, forwarded before it heard, have ended on either side ({@link InFlightUsers}, bounded),
 * then records the token; tokens are recorded in order, and only the highest one waiting is written.
 *
 * <p>Self-fence: while the lease could not be renewed for its length (measured on this process's monotonic clock
 * from the start of the last renewal that succeeded), or the listening connection is down, or the row was found
 * gone, this instance is not counted on by barriers and trusts nothing it remembers ({@link MigratedKeys#fenced}):
 * nobody is sent to legacy without a fresh state read. A row found gone is registered again, the instance resyncs
 * (forgets every user, reloads the migrated keys) and takes a barrier of its own, whose hearing drains every user's
 * older requests; only then is the fence lifted.
 */
public final class FleetMembership {

    private static final Logger LOG = Logger.getLogger(FleetMembership.class.getName());

    private final Vertx vertx;
    private final Fleet fleet;
    private final String instanceId;
    private final Duration lease;
    private final Duration trusted;
    private final Duration drainBound;
    private final InFlightUsers inFlight;
    private final MigratedKeys keys;
    private final AtomicLong drainsExpired = new AtomicLong();
    private final AtomicLong liveInstances = new AtomicLong();
    private final AtomicBoolean joining = new AtomicBoolean();
    private Runnable resync = () -> { };
    private Set<String> changed = new HashSet<>();
    private boolean everyone = true;
    private Future<Void> hearing = Future.succeededFuture();
    private long recorded;
    private long highest;
    private boolean writing;
    private volatile long renewedAt;
    private volatile boolean registered;
    private volatile boolean heardSinceJoin;
    private volatile long joins;
    private volatile boolean listening;
    private volatile boolean stopped;
    private long renewTimer = -1;
    private long watchTimer = -1;

    /**
     * How long this instance's row counts, and how long barriers wait for it.
     *
     * @param lease      how long this instance counts on its row without a renewal; the database counts it for the
     *                   drain bound longer, for the requests this instance forwarded before it fenced itself
     * @param margin     how long before the lease runs out (on this process's clock) it fences itself
     * @param drainBound how long a barrier waits for this instance's older requests of changed users
     */
    public record Terms(Duration lease, Duration margin, Duration drainBound) {
    }

    public FleetMembership(Vertx vertx, Fleet fleet, String instanceId, Terms terms, InFlightUsers inFlight,
                           MigratedKeys keys) {
        this.vertx = vertx;
        this.fleet = fleet;
        this.instanceId = instanceId;
        this.lease = terms.lease().plus(terms.drainBound());
        this.trusted = terms.lease().minus(terms.margin());
        this.drainBound = terms.drainBound();
        this.inFlight = inFlight;
        this.keys = keys;
        keys.fenced(true);
    }

    /** Registers and starts renewing; {@code resync} forgets every user and reloads the migrated keys. */
    public Future<Void> start(Runnable resync) {
        this.resync = resync;
        renewTimer = vertx.setPeriodic(Math.max(1, trusted.toMillis() / 3), id -> renew());
        watchTimer = vertx.setPeriodic(Math.max(1, trusted.toMillis() / 10), id -> watch());
        return join();
    }

    /** Registers (again), resyncs, and takes a barrier of its own so that it is heard at once. */
    private Future<Void> join() {
        if (!joining.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        long started = System.nanoTime();
        registered = false;
        heardSinceJoin = false;
        joins++;
        keys.fenced(true);
        synchronized (this) {
            everyone = true;
            recorded = 0;
        }
        return fleet.register(instanceId, lease).andThen(done -> joining.set(false)).onSuccess(done -> {
            renewed(started);
            registered = true;
            resync.run();
            watch();
            fleet.announce();
        }).onFailure(error -> LOG.warning("fleet: cannot register " + instanceId + ": " + error.getMessage()));
    }

    private void renew() {
        if (stopped) {
            return;
        }
        long started = System.nanoTime();
        if (!registered) {
            join();
            return;
        }
        fleet.renew(instanceId, lease).onSuccess(kept -> {
            if (kept) {
                renewed(started);
                watch();
                fleet.live().onSuccess(live -> liveInstances.set(live.size()));
            } else {
                LOG.warning("fleet: the row of " + instanceId + " was gone (lease expired); registering again");
                join();
            }
        });
    }

    /** A registration or renewal that started at {@code started} succeeded: the fence's deadline moves on. */
    private void renewed(long started) {
        renewedAt = started;
        keys.trustedUntil(started + trusted.toNanos());
    }

    /**
     * Fences this instance while it cannot be counted on to hear, and lifts the fence once it can again. The lease's
     * deadline itself is checked at each decision ({@link MigratedKeys#trustedUntil}), not only here.
     */
    private void watch() {
        keys.fenced(fenced());
    }

    /** Whether this instance is fenced now. */
    public boolean fenced() {
        return !(registered && heardSinceJoin && listening && !stopped
                && System.nanoTime() - renewedAt < trusted.toNanos());
    }

    /**
     * The listening connection came up or went down; either way every change since may have been missed, so the next
     * barrier heard waits for every user's older requests. Once up, a token is announced so that it is heard soon.
     */
    void listening(boolean up) {
        synchronized (this) {
            everyone = true;
        }
        listening = up;
        watch();
        if (up && registered) {
            fleet.announce();
        }
    }

    /** A user's state or pin changed (the notification was applied). */
    synchronized void changed(String userKey) {
        if (!everyone) {
            changed.add(userKey);
        }
    }

    /** A barrier token was heard: every notification before it has been applied. */
    void heard(long token) {
        if (!listening) {
            return;
        }
        Set<String> users;
        synchronized (this) {
            users = everyone ? null : changed;
            changed = new HashSet<>();
            everyone = false;
        }
        long epoch = inFlight.nextEpoch();
        Future<Boolean> drained = inFlight.enteredBefore(users, epoch, drainBound);
        synchronized (this) {
            hearing = hearing.transform(previous -> drained).map(ended -> {
                if (!ended) {
                    drainsExpired.incrementAndGet();
                    LOG.warning("fleet: requests decided before barrier " + token + " still running after "
                            + drainBound.toMillis() + " ms; recording it all the same, the next barrier waits again");
                    stillRunning(users);
                }
                record(token);
                return null;
            });
        }
    }

    /**
     * A drain expired: its users (null: everyone) are waited for again by the next barrier, since their requests
     * forwarded before the change may still be running.
     */
    private synchronized void stillRunning(Set<String> users) {
        if (users == null) {
            everyone = true;
        } else if (!everyone) {
            changed.addAll(users);
        }
    }

    /** Writes the highest token heard, one write at a time. */
    private synchronized void record(long token) {
        highest = Math.max(highest, token);
        if (writing || highest <= recorded || !registered) {
            return;
        }
        writing = true;
        long writingToken = highest;
        long joinedAs = joins;
        fleet.heard(instanceId, writingToken).onComplete(done -> {
            synchronized (this) {
                writing = false;
                if (done.succeeded()) {
                    recorded = Math.max(recorded, writingToken);
                }
            }
            if (done.succeeded()) {
                heardSinceJoin = heardSinceJoin || joinedAs == joins;
                watch();
                record(writingToken);
            }
        });
    }

    /** Barrier drains that passed their bound (the token was recorded all the same). */
    public long drainsExpired() {
        return drainsExpired.get();
    }

    /** Registers the fleet's metrics ({@link FleetMeter}). */
    public FleetMembership metered(MeterRegistry registry) {
        FleetMeter.register(registry, fleet, liveInstances::get, () -> fenced() ? 1 : 0, drainsExpired::get);
        return this;
    }

    /** Stops renewing and removes the row. */
    public Future<Void> stop() {
        stopped = true;
        keys.fenced(true);
        vertx.cancelTimer(renewTimer);
        vertx.cancelTimer(watchTimer);
        return fleet.leave(instanceId).otherwiseEmpty();
    }
}
