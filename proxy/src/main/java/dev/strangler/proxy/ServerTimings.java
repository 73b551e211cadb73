package dev.strangler.proxy;

import java.time.Duration;

/**
 * The timings and sizes of a serving instance that are not configuration: how long cached facts are trusted, how
 * often shared state is re-read and probed, how long a request may wait for its user. {@link StranglerServer} wires
 * them into the parts that use them.
 */
final class ServerTimings {

    /** Users' facts kept per instance; about 200 bytes each, so 100 000 users cost some 20 MB. */
    static final long CACHED_USERS = 100_000;
    /**
     * How long a cached user's facts are trusted before the state store is asked again: a safety net only, since
     * every change of a user's state or pin is notified to every instance, which then forgets that user.
     */
    static final Duration FACTS_EXPIRE_AFTER = Duration.ofSeconds(30);
    /** How often runtime percentages and admin tokens are re-read even without a notification. */
    static final Duration RESYNC_EVERY = Duration.ofSeconds(5);
    /**
     * This instance's fleet lease (renewed every third of the lease less the margin, 667 ms). It fences itself {@link #FLEET_MARGIN} before the lease
     * runs out on its own monotonic clock, measured from the start of the last renewal that succeeded; the database
     * counts its row for the lease plus a grace of the drain bound (the longest upstream timeout) after the renewal
     * executed. A killed instance therefore holds barriers up (marks deferred, users in transition) for at most the
     * lease plus that grace; a graceful stop removes its row at once.
     */
    static final Duration FLEET_LEASE = Duration.ofSeconds(3);
    /**
     * How long before its lease runs out this instance stops trusting what it remembers: a third of the lease, so that
     * one renewal that hangs (the next starts 667 ms later) does not fence it, while the database's clock would
     * have to run a third faster than this process's, or step forward by the margin plus the grace, for the row to
     * go before the fence is up.
     */
    static final Duration FLEET_MARGIN = Duration.ofSeconds(1);
    /** How often both databases are probed for readiness. */
    static final Duration PROBE_EVERY = Duration.ofSeconds(2);
    /** How often users are counted by state for {@code strangler_users}. */
    static final Duration COUNT_USERS_EVERY = Duration.ofSeconds(15);
    /** The {@code Retry-After} of a 503 answered because a user's state could not be read. */
    static final Duration UNKNOWN_STATE_RETRY_AFTER = Duration.ofSeconds(2);
    /**
     * How much longer than {@code migration.timeout} a request may wait for its user's state and migration: the
     * attempt's own unwinding (about a second) and its failure record. Then the request is answered anyway.
     */
    static final Duration HOLD_MARGIN = Duration.ofSeconds(2);
    /** How long a state lookup may take before the state counts as unknown (client side, whatever the database). */
    static final Duration STATE_LOOKUP_DEADLINE = Duration.ofSeconds(2);

    private ServerTimings() {
    }
}
