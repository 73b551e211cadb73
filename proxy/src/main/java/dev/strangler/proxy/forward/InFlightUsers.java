package dev.strangler.proxy.forward;

import dev.strangler.migrator.MigratorSettings.InFlightRequests;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * This instance's forwarded requests in flight, per upstream and user, counted by the {@link Forwarder} from the
 * moment a request is routed until its response ends or its connection closes. The migrator waits on it before
 * reading a user's legacy data ({@link InFlightRequests}), so a legacy write on its way does not land after the read.
 * Only users who are counted take memory: a user's entry goes when their last request ends.
 *
 * <p>Each request is also tagged with the epoch it entered in: the fleet's barrier ({@link #nextEpoch},
 * {@link #enteredBefore}) waits for the requests of the users whose state changed that were forwarded before this
 * instance heard of the change, on either upstream. A request is counted only if its decision is still current
 * ({@link #enter(String, Upstream, BooleanSupplier)}, checked under the same lock as the barrier's look), so no
 * request decided on what was known before the change slips past the barrier.
 */
public final class InFlightUsers implements InFlightRequests {

    private static final Runnable NOTHING = () -> { };

    private final Vertx vertx;
    private final Map<Upstream, Map<String, Count>> counts = new EnumMap<>(Upstream.class);
    private final AtomicLong epoch = new AtomicLong();

    public InFlightUsers(Vertx vertx) {
        this.vertx = vertx;
        for (Upstream upstream : Upstream.values()) {
            counts.put(upstream, new ConcurrentHashMap<>());
        }
    }

    /** Counts one request of the user to the upstream; the returned action ends it, once however often it runs. */
    public Runnable enter(String userKey, Upstream upstream) {
        return enter(userKey, upstream, () -> true);
    }

    /**
     * Counts one request of the user to the upstream if {@code current} (asked under the user's entry lock, which a
     * barrier's {@link #enteredBefore} takes too) still holds; null, counting nothing, if it does not. The returned
     * action ends it, once however often it runs.
     */
    Runnable enter(String userKey, Upstream upstream, BooleanSupplier current) {
        if (userKey == null) {
            return NOTHING;
        }
        Map<String, Count> users = counts.get(upstream);
        long[] entered = {-1};
        users.compute(userKey, (key, count) -> {
            // The epoch first: a decision still current here was taken before any barrier that began after this
            // read (a barrier makes the change known, then starts its epoch), so this request counts as older.
            long now = epoch.get();
            if (!current.getAsBoolean()) {
                return count;
            }
            Count counted = count == null ? new Count() : count;
            counted.requests++;
            entered[0] = now;
            counted.epochs.merge(now, 1, Integer::sum);
            return counted;
        });
        if (entered[0] < 0) {
            return null;
        }
        AtomicBoolean left = new AtomicBoolean();
        return () -> {
            if (left.compareAndSet(false, true)) {
                leave(users, userKey, entered[0]);
            }
        };
    }

    private static void leave(Map<String, Count> users, String userKey, long entered) {
        List<List<Promise<Boolean>>> released = new ArrayList<>(1);
        users.computeIfPresent(userKey, (key, count) -> {
            count.requests--;
            count.epochs.computeIfPresent(entered, (tag, n) -> n == 1 ? null : n - 1);
            released.add(count.releaseOlder());
            if (count.requests > 0) {
                return count;
            }
            released.add(count.waiters);
            return null;
        });
        released.forEach(waiters -> waiters.forEach(waiter -> waiter.tryComplete(true)));
    }

    /**
     * Starts a new epoch and returns it: requests counted from now on carry it (or a later one), those counted
     * before carry an earlier one.
     */
    public long nextEpoch() {
        return epoch.incrementAndGet();
    }

    /**
     * Completes once none of the users' requests counted before {@code epoch} is in flight to either upstream (at
     * once when there is none), or after {@code bound} with false. Null users: everyone's.
     */
    public Future<Boolean> enteredBefore(Collection<String> userKeys, long epoch, Duration bound) {
        List<Future<Boolean>> each = new ArrayList<>();
        for (Map<String, Count> users : counts.values()) {
            for (String userKey : userKeys == null ? List.copyOf(users.keySet()) : userKeys) {
                Promise<Boolean> ended = Promise.promise();
                users.compute(userKey, (key, count) -> {
                    if (count == null || count.oldest() >= epoch) {
                        ended.complete(true);
                    } else {
                        count.older.add(new Older(epoch, ended));
                    }
                    return count;
                });
                if (!ended.future().isComplete()) {
                    each.add(ended.future());
                }
            }
        }
        if (each.isEmpty()) {
            return Future.succeededFuture(true);
        }
        Promise<Boolean> all = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, bound.toMillis()), id -> all.tryComplete(false));
        Future.all(each).onComplete(done -> all.tryComplete(true));
        return all.future().andThen(done -> vertx.cancelTimer(timer));
    }

    /** How many requests of the user are in flight to the upstream now. */
    public int count(String userKey, Upstream upstream) {
        Count count = counts.get(upstream).get(userKey);
        return count == null ? 0 : count.requests;
    }

    @Override
    public Future<Boolean> drained(String userKey, Upstream upstream, Duration bound) {
        Promise<Boolean> drained = Promise.promise();
        boolean[] none = {false};
        counts.get(upstream).compute(userKey, (key, count) -> {
            if (count == null) {
                none[0] = true;
                return null;
            }
            count.waiters.add(drained);
            return count;
        });
        if (none[0]) {
            return Future.succeededFuture(true);
        }
        long timer = vertx.setTimer(Math.max(1, bound.toMillis()), id -> drained.tryComplete(false));
        return drained.future().andThen(done -> vertx.cancelTimer(timer));
    }

    @Override
    public String toString() {
        return "requests in flight per user (" + counts.get(Upstream.LEGACY).size() + " users on legacy, "
                + counts.get(Upstream.MODERN).size() + " on modern)";
    }

    /**
     * Guarded by the map's compute: requests in flight, how many entered in each epoch, the migrations waiting for
     * none, and the barriers waiting for those of earlier epochs.
     */
    private static final class Count {
        private int requests;
        private final List<Promise<Boolean>> waiters = new ArrayList<>(1);
        private final TreeMap<Long, Integer> epochs = new TreeMap<>();
        private final List<Older> older = new ArrayList<>(0);

        /** The epoch of the oldest request in flight; none: the largest there is. */
        private long oldest() {
            return epochs.isEmpty() ? Long.MAX_VALUE : epochs.firstKey();
        }

        /** Removes and returns the barriers whose requests have all ended, to be told outside the lock. */
        private List<Promise<Boolean>> releaseOlder() {
            long oldest = oldest();
            List<Promise<Boolean>> done = new ArrayList<>(0);
            older.removeIf(waiter -> oldest >= waiter.epoch && done.add(waiter.ended));
            return done;
        }
    }

    /** A barrier waiting until the user has no request counted before {@code epoch}. */
    private record Older(long epoch, Promise<Boolean> ended) {
    }
}
