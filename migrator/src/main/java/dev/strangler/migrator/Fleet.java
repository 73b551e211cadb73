package dev.strangler.migrator;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The routing instances that share the state database, and the notification barrier that tells a process when
 * every one of them has heard of a state change it committed ({@code strangler.instances},
 * {@code strangler.barrier_tokens}; README "Barrier"). Each proxy instance keeps a row with a lease renewed by the
 * database's clock and records the highest barrier token it has heard and acted on; processes that do not route
 * (backfill workers, the command line) take barriers but have no row.
 */
public interface Fleet {

    /** The notification payload of a barrier token: {@code barrier T}. */
    String BARRIER_PREFIX = "barrier ";

    /**
     * Adds (or takes back) this instance's row, leased for {@code lease} from now by the database's clock; its heard
     * token starts at zero, so no barrier counts it as having heard until it hears one.
     */
    Future<Void> register(String instanceId, Duration lease);

    /** Extends the lease; completes with false when the row is gone (it expired and was removed). */
    Future<Boolean> renew(String instanceId, Duration lease);

    /** Records that the instance heard (and acted on) every barrier up to {@code token}; never lowers it. */
    Future<Void> heard(String instanceId, long token);

    /** Removes the instance's row, on a graceful stop. */
    Future<Void> leave(String instanceId);

    /**
     * Takes a barrier token after the caller's commit and notifies it, then waits until no live instance has heard
     * less, at most {@code deadline}: true when the whole fleet heard it, false when the deadline passed first (or the
     * state database could not be asked).
     */
    Future<Boolean> barrier(Duration deadline);

    /**
     * Takes a barrier token and notifies it without waiting for anyone: an instance that has just registered does,
     * so that it hears a token at once and is counted as having heard from then on.
     */
    Future<Void> announce();

    /** The instances whose lease has not passed, by the database's clock. */
    Future<List<Instance>> live();

    /** This process's barrier waits so far, for the metrics and {@code /admin/status}. */
    BarrierStats stats();

    /** One live instance's row. */
    record Instance(String id, Instant startedAt, Instant leaseUntil, long heardBarrier) {
    }

    /**
     * @param passed     barriers the whole fleet heard in time
     * @param timedOut   barriers whose deadline passed first
     * @param lastWait   how long the last barrier took (zero before the first)
     */
    record BarrierStats(long passed, long timedOut, Duration lastWait) {
    }
}
