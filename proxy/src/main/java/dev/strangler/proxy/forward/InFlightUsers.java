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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This instance's forwarded requests in flight, per upstream and user, counted by the {@link Forwarder} from the
 * moment a request is routed until its response ends or its connection closes. The migrator waits on it before
 * reading a user's legacy data ({@link InFlightRequests}), so a legacy write on its way does not land after the read.
 * Only users who are counted take memory: a user's entry goes when their last request ends.
 */
public final class InFlightUsers implements InFlightRequests {

    private static final Runnable NOTHING = () -> { };

    private final Vertx vertx;
    private final Map<Upstream, Map<String, Count>> counts = new EnumMap<>(Upstream.class);

    public InFlightUsers(Vertx vertx) {
        this.vertx = vertx;
        for (Upstream upstream : Upstream.values()) {
            counts.put(upstream, new ConcurrentHashMap<>());
        }
    }

    /** Counts one request of the user to the upstream; the returned action ends it, once however often it runs. */
    Runnable enter(String userKey, Upstream upstream) {
        if (userKey == null) {
            return NOTHING;
        }
        Map<String, Count> users = counts.get(upstream);
        users.compute(userKey, (key, count) -> {
            Count counted = count == null ? new Count() : count;
            counted.requests++;
            return counted;
        });
        AtomicBoolean left = new AtomicBoolean();
        return () -> {
            if (left.compareAndSet(false, true)) {
                leave(users, userKey);
            }
        };
    }

    private static void leave(Map<String, Count> users, String userKey) {
        List<List<Promise<Boolean>>> released = new ArrayList<>(1);
        users.computeIfPresent(userKey, (key, count) -> {
            count.requests--;
            if (count.requests > 0) {
                return count;
            }
            released.add(count.waiters);
            return null;
        });
        released.forEach(waiters -> waiters.forEach(waiter -> waiter.tryComplete(true)));
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

    /** Guarded by the map's compute: requests in flight, and the migrations waiting for none. */
    private static final class Count {
        private int requests;
        private final List<Promise<Boolean>> waiters = new ArrayList<>(1);
    }
}
