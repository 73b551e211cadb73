package dev.strangler.migrator.backfill;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.engine.Northwind;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A backfill worker in a process of its own, for {@link BackfillCrashTest} to kill: arguments are the legacy URI,
 * the modern URI and the worker id. It claims small batches and works slowly (4 users/s), two users per set-based
 * load, so that a kill leaves claimed users unfinished; the test ends its lease after the kill.
 */
public final class BackfillWorkerProcess {

    private BackfillWorkerProcess() {
    }

    public static void main(String[] args) {
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(args[0], args[1], Duration.ofSeconds(5), Map.of());
        Migrator migrator = Northwind.start(vertx, plan,
                MigratorSettings.defaults(plan).withInstanceId(args[2]).withExtensions(List.of()));
        Backfills.Settings settings = Backfills.Settings.defaults().withWorkerId(args[2]).withRate(4)
                .withConcurrency(1).withBatchSize(8).withLoadBatch(2).withLease(BackfillCrashTest.DOOMED_LEASE);
        Northwind.await(migrator.backfills().start(settings, Backfills.Listener.NONE, Clock.systemUTC()).done());
        migrator.close();
        vertx.close();
    }
}
