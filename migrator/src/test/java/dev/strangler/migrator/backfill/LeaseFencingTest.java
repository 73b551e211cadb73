package dev.strangler.migrator.backfill;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.engine.Northwind;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12, window 10: a worker paused past its lease (SIGSTOP) resumed and went on with its stale batch, writing a
 * second ledger entry for users the other worker had taken over. Here the takeover is done the way another worker
 * does it (a new owner and epoch on the claimed rows) right after the first user's outcome, without any wait. The
 * first two tests run one by one ({@code loadBatch} 0); the last runs the set-based load path two users a batch.
 */
@ExtendWith(PostgresExtension.class)
class LeaseFencingTest {

    @Test
    void workerWhoseClaimsWereTakenOver_stopsAtTheFirstLostClaimAndWritesNothingForIt(
            @Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        fresh(legacy, modern);
        GeneratedCustomers.add(legacy, 40);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("paused")
                .withExtensions(List.of()));
        try {
            AtomicBoolean takenOver = new AtomicBoolean();
            Backfills.Listener takeOverAfterFirst = new Backfills.Listener() {
                @Override
                public void attempted(MigrationEngine.Outcome outcome, Duration took) {
                    if (takenOver.compareAndSet(false, true)) {
                        Northwind.run(modern, "UPDATE strangler.user_state SET claimed_by = 'other',"
                                + " claim_epoch = claim_epoch + 1, claim_expires_at = now() + interval '1 hour'"
                                + " WHERE claimed_by = 'paused' AND state = 'PENDING'");
                    }
                }
            };
            Backfills.Running paused = migrator.backfills().start(Backfills.Settings.defaults().withRate(0)
                    .withConcurrency(1).withBatchSize(10).withWorkerId("paused").withLoadBatch(0), takeOverAfterFirst,
                    Clock.systemUTC());

            Throwable stopped = await(paused.done().map(summary -> (Throwable) null).otherwise(error -> error));

            assertThat(stopped).isInstanceOf(Backfills.LeaseLost.class);
            assertThat(stopped.getMessage()).contains("paused").contains("lost its claim").contains("ANATR");
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger")).isEqualTo(1);
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE claimed_by = 'other'"))
                    .isEqualTo(9);
            assertThat(paused.progress().failed()).isZero();
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    @Test
    void workerWhoseLeaseExpired_stopsWithoutActingOnIt(@Postgres("legacy") TestDatabase legacy,
                                                        @Postgres("modern") TestDatabase modern) throws Exception {
        fresh(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("late")
                .withExtensions(List.of()));
        try {
            AtomicBoolean expired = new AtomicBoolean();
            Backfills.Listener expireAfterFirst = new Backfills.Listener() {
                @Override
                public void attempted(MigrationEngine.Outcome outcome, Duration took) {
                    if (expired.compareAndSet(false, true)) {
                        Northwind.run(modern, "UPDATE strangler.user_state"
                                + " SET claim_expires_at = now() - interval '1 second' WHERE claimed_by = 'late'");
                    }
                }
            };
            Backfills.Running late = migrator.backfills().start(Backfills.Settings.defaults().withRate(0)
                    .withConcurrency(1).withBatchSize(10).withWorkerId("late").withLoadBatch(0), expireAfterFirst,
                    Clock.systemUTC());

            Throwable stopped = await(late.done().map(summary -> (Throwable) null).otherwise(error -> error));

            assertThat(stopped).isInstanceOf(Backfills.LeaseLost.class);
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger")).isEqualTo(1);
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    @Test
    void workerLoadingInBatchesWhoseClaimsWereTakenOver_stopsAtTheNextBatchAndWritesNothingForIt(
            @Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        fresh(legacy, modern);
        GeneratedCustomers.add(legacy, 40);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("batched")
                .withExtensions(List.of()));
        try {
            AtomicBoolean takenOver = new AtomicBoolean();
            Backfills.Listener takeOverAfterFirstBatch = new Backfills.Listener() {
                @Override
                public void attempted(MigrationEngine.Outcome outcome, Duration took) {
                    if (takenOver.compareAndSet(false, true)) {
                        Northwind.run(modern, "UPDATE strangler.user_state SET claimed_by = 'other',"
                                + " claim_epoch = claim_epoch + 1, claim_expires_at = now() + interval '1 hour'"
                                + " WHERE claimed_by = 'batched' AND state = 'PENDING'");
                    }
                }
            };
            Backfills.Running batched = migrator.backfills().start(Backfills.Settings.defaults().withRate(0)
                    .withConcurrency(1).withBatchSize(10).withWorkerId("batched").withLoadBatch(2),
                    takeOverAfterFirstBatch, Clock.systemUTC());

            Throwable stopped = await(batched.done().map(summary -> (Throwable) null).otherwise(error -> error));

            assertThat(stopped).isInstanceOf(Backfills.LeaseLost.class);
            assertThat(stopped.getMessage()).contains("batched").contains("lost its claim");
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger")).isEqualTo(2);
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE state = 'MIGRATED'"))
                    .isEqualTo(2);
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE claimed_by = 'other'"))
                    .isEqualTo(8);
            assertThat(batched.progress().failed()).isZero();
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    /** Both databases start empty in each test (the extension gives one pair per class). */
    private static void fresh(TestDatabase legacy, TestDatabase modern) throws Exception {
        for (TestDatabase database : List.of(legacy, modern)) {
            Northwind.run(database, "DROP SCHEMA IF EXISTS strangler CASCADE; DROP SCHEMA public CASCADE;"
                    + " CREATE SCHEMA public");
        }
        Northwind.createSchemas(legacy, modern);
    }
}
