package dev.strangler.migrator.backfill;

import dev.strangler.migrator.BackfillListener;
import dev.strangler.migrator.BackfillSettings;
import dev.strangler.migrator.Backfills;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * Starts backfill workers of one plan: each migrates through {@code engine}, seeds and claims users in the state
 * database on {@code modern}, and lists legacy users with the plan's {@code users} query on {@code legacy}.
 */
public final class Workers implements Backfills {

    private final Vertx vertx;
    private final ClaimedMigrations engine;
    private final Pool legacy;
    private final Pool modern;
    private final String users;

    public Workers(Vertx vertx, ClaimedMigrations engine, Pool legacy, Pool modern, String users) {
        this.vertx = vertx;
        this.engine = engine;
        this.legacy = legacy;
        this.modern = modern;
        this.users = users;
    }

    @Override
    public Running start(BackfillSettings settings, BackfillListener listener, Clock clock) {
        return Backfill.start(vertx, engine, legacy, modern, users, settings, listener, clock);
    }
}
