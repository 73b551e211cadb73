package dev.strangler.migrator.backfill;

import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.bulk.BatchLoad;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * Starts backfill workers of one plan: each migrates through {@code engine}, seeds and claims users in the state
 * database on {@code modern}, lists legacy users with the plan's {@code users} query on {@code legacy}, and loads
 * users in batches on the engine's parts ({@code batches}) unless its settings say one by one.
 */
public final class Workers implements Backfills {

    private final Vertx vertx;
    private final ClaimedMigrations engine;
    private final Pool legacy;
    private final Pool modern;
    private final String users;
    private final BatchLoad.Parts batches;

    public Workers(Vertx vertx, ClaimedMigrations engine, Pool legacy, Pool modern, String users,
                   BatchLoad.Parts batches) {
        this.vertx = vertx;
        this.engine = engine;
        this.legacy = legacy;
        this.modern = modern;
        this.users = users;
        this.batches = batches;
    }

    @Override
    public Running start(Backfills.Settings settings, Backfills.Listener listener, Clock clock) {
        return Backfill.start(vertx, engine, legacy, modern, users, BatchLoad.of(batches, settings.writes()), settings,
                listener, clock);
    }
}
