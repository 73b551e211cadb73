package dev.strangler.migrator.backfill;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.engine.Northwind;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14: a worker claimed a batch per lane and waited for every lane's batch before claiming again, so one slow
 * batch held the other lane idle. Here the first batch waits on a row lock in modern (an uncommitted insert of its
 * first user's customer row) for as long as the test holds it; the other lane must keep claiming and migrating
 * meanwhile (12 of the 26 other users). With one claim per worker (two batches of two) it stopped after its first two
 * users.
 */
@ExtendWith(PostgresExtension.class)
class PerLaneClaimTest {

    @Test
    void aBatchThatWaits_doesNotHoldTheOtherLaneBack(@Postgres("legacy") TestDatabase legacy,
                                                     @Postgres("modern") TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        GeneratedCustomers.add(legacy, 16);
        long users = count(legacy, "SELECT count(*) FROM customers");
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy.uri(), modern.uri(), Duration.ofMinutes(2), Map.of());
        Migrator migrator = Northwind.start(vertx, plan, Northwind.immediateMarks(plan).withExtensions(List.of()));
        try (Connection holder = modern.connect(); Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("INSERT INTO customer (id, name) VALUES ('ALFKI', 'held by the test')");
            AtomicInteger attempted = new AtomicInteger();
            Backfills.Running running = migrator.backfills().start(Backfills.Settings.defaults().withRate(0)
                            .withConcurrency(2).withBatchSize(4).withLoadBatch(2),
                    new Backfills.Listener() {
                        @Override
                        public void attempted(MigrationEngine.Outcome outcome, Duration took) {
                            attempted.incrementAndGet();
                        }
                    }, Clock.systemUTC());

            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> attempted.get() >= 12);
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state"
                    + " WHERE user_key = 'ALFKI' AND state = 'PENDING'")).as("the held batch is still waiting")
                    .isEqualTo(1);
            holder.rollback();

            Backfills.Summary summary = await(running.done());
            assertThat(summary.progress().done()).isEqualTo(users);
            assertThat(summary.progress().failed()).isZero();
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE state = 'MIGRATED'"))
                    .isEqualTo(users - GeneratedCustomers.invalid(16));
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }
}
