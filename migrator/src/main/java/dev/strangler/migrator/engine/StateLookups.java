package dev.strangler.migrator.engine;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.state.UserStates;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * The request path's reads of users' states, on a small pool of their own apart from the engine's, so a busy engine
 * (a backfill, a wave of first accesses) never makes a routing decision wait for a connection.
 */
final class StateLookups {

    /** Connections of the request path's state lookups, apart from the engine's. */
    private static final int CONNECTIONS = 4;

    private final Pool pool;
    private final UserStates states;

    StateLookups(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        this.pool = DatabasePools.create(vertx, plan.modern(), settings.withPoolSize(CONNECTIONS), plan.timeout(),
                "state-lookup");
        this.states = new UserStates(pool);
    }

    /** The users' states, read on this pool. */
    UserStates states() {
        return states;
    }

    /** The pool itself, which the fleet's leases share: a renewal must not queue behind the engine either. */
    Pool pool() {
        return pool;
    }

    void close() {
        pool.close();
    }
}
