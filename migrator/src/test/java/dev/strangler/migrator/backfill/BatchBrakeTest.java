package dev.strangler.migrator.backfill;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Backfills;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The brake and the set-based load path. Regression: the brake was fed each batch's whole legacy read as every
 * user's attempt time, so a batch of 64 users that legacy served in 600 ms (9 ms each) counted as 64 attempts of
 * 600 ms, over the 500 ms bound: the benchmark's backfill braked to its floor of one user per second and stalled.
 */
@ExtendWith(PostgresExtension.class)
class BatchBrakeTest {

    @Test
    void batchReadLongerThanMaxLatency_doesNotBrakeWhileEachUsersShareIsWithinIt(
            @Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Northwind.run(legacy, "INSERT INTO fault VALUES ('slow', 'ALFKI', 0.4)");
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        List<String> braked = new CopyOnWriteArrayList<>();
        try {
            Backfills.Settings settings = Backfills.Settings.defaults().withRate(0).withConcurrency(1).withBatchSize(12)
                    .withLoadBatch(12).withBrake(Duration.ofMillis(300), 0.5, 12);
            Backfills.Summary summary = await(migrator.backfills().start(settings, new Backfills.Listener() {
                @Override
                public void braked(double rate, String reason) {
                    braked.add(rate + ": " + reason);
                }
            }, Clock.systemUTC()).done());

            assertThat(summary.progress().done()).isEqualTo(12);
            assertThat(braked).isEmpty();
            assertThat(summary.progress().rateLimit()).isZero();
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }
}
