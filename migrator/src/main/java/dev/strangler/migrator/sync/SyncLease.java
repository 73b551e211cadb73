package dev.strangler.migrator.sync;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/**
 * The lease in {@code strangler.sync_lease} that lets one sync process of a name hold the replication slots while
 * the others stand by: taken when free or expired, renewed by its holder, taken over by a standby once it expires.
 * The database's clock decides expiry, so the processes' clocks need not agree.
 */
final class SyncLease {

    private static final String TAKE = """
            INSERT INTO strangler.sync_lease (name, holder, expires_at)
            VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
            ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
            WHERE strangler.sync_lease.holder = EXCLUDED.holder
               OR strangler.sync_lease.expires_at < clock_timestamp()
            RETURNING holder""";
    private static final String RELEASE = "DELETE FROM strangler.sync_lease WHERE name = $1 AND holder = $2";
    private static final String HELD = """
            SELECT holder FROM strangler.sync_lease WHERE name = $1 AND expires_at >= clock_timestamp()""";

    private final Pool state;
    private final String name;
    private final String holder;
    private final Duration ttl;

    SyncLease(Pool state, String name, String holder, Duration ttl) {
        this.state = state;
        this.name = name;
        this.holder = holder;
        this.ttl = ttl;
    }

    /** Takes or renews the lease; completes with whether this process holds it now. */
    Future<Boolean> takeOrRenew() {
        return state.preparedQuery(TAKE).execute(Tuple.of(name, holder, ttl.toMillis()))
                .map(rows -> rows.size() == 1);
    }

    /** Lets the lease go at once, so a standby need not wait for it to expire. */
    Future<Void> release() {
        return state.preparedQuery(RELEASE).execute(Tuple.of(name, holder)).mapEmpty();
    }

    /** Who holds the lease of a name now, if anyone. */
    static Future<java.util.Optional<String>> holder(Pool state, String name) {
        return state.preparedQuery(HELD).execute(Tuple.of(name)).map(rows -> rows.size() == 0
                ? java.util.Optional.<String>empty()
                : java.util.Optional.of(rows.iterator().next().getString("holder")));
    }

    @Override
    public String toString() {
        return "sync lease " + name + " for " + holder + " (" + ttl.toMillis() + " ms)";
    }
}
