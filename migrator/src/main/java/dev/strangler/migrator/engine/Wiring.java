package dev.strangler.migrator.engine;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.Migrator.DraftRequest;
import dev.strangler.migrator.Migrator.PlanDraft;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.draft.PlanDrafter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Where {@link Migrator#start} and {@link Migrator#create} reach the engine: the only public type of this package,
 * and no one else's to call (the proxy's architecture test forbids it).
 */
public final class Wiring {

    private Wiring() {
    }

    public static Future<Migrator> start(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        return dev.strangler.migrator.engine.Migrator.start(vertx, plan, settings).map(migrator -> migrator);
    }

    public static Migrator create(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        return dev.strangler.migrator.engine.Migrator.create(vertx, plan, settings);
    }

    public static Future<PlanDraft> draft(Vertx vertx, DraftRequest request) {
        return PlanDrafter.draft(vertx, request);
    }
}
