package dev.strangler.migrator.backfill;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.engine.Northwind;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A backfill worker killed with SIGKILL mid-batch: its claims expire and another worker finishes the batch. */
@ExtendWith(PostgresExtension.class)
class BackfillCrashTest {

    static final Duration LEASE = Duration.ofSeconds(3);
    /**
     * The doomed worker's lease: long enough that a busy machine never takes its claims away before the kill (a
     * worker that loses its lease stops, by design), ended after the kill by the test instead of waited for.
     */
    static final Duration DOOMED_LEASE = Duration.ofMinutes(10);
    private static final int GENERATED = 30;

    @Test
    void workerKilledMidBatch_secondWorkerFinishesAfterTheLease(@Postgres("legacy") TestDatabase legacy,
                                                                @Postgres("modern") TestDatabase modern)
            throws Exception {
        Northwind.createSchemas(legacy, modern);
        GeneratedCustomers.add(legacy, GENERATED);
        long users = count(legacy, "SELECT count(*) FROM customers");
        Process doomed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BackfillWorkerProcess.class.getName(),
                legacy.uri(), modern.uri(), "doomed")
                .redirectErrorStream(true).redirectOutput(new File("target/backfill-doomed-worker.log")).start();
        try {
            awaitMigratedBy(modern, "doomed", 2, doomed);
        } finally {
            doomed.destroyForcibly().waitFor();
        }
        List<Map<String, Object>> stranded = rows(modern, "SELECT user_key FROM strangler.user_state"
                + " WHERE claimed_by = 'doomed' AND state = 'PENDING'");
        assertThat(stranded).as("users the killed worker had claimed and not finished").isNotEmpty();
        modern.execute("UPDATE strangler.user_state SET claim_expires_at = now() - interval '1 second'"
                + " WHERE claimed_by = 'doomed'");

        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan,
                MigratorSettings.defaults(plan).withInstanceId("survivor").withExtensions(List.of()));
        try {
            Backfills.Summary summary = await(migrator.backfills().start(Backfills.Settings.defaults()
                    .withWorkerId("survivor").withRate(0).withLease(LEASE), Backfills.Listener.NONE,
                    Clock.systemUTC()).done());

            long invalid = GeneratedCustomers.invalid(GENERATED);
            assertThat(summary.withoutErrors()).isTrue();
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE state = 'MIGRATED'"))
                    .isEqualTo(users - invalid);
            assertThat(rows(modern, "SELECT user_key FROM strangler.ledger WHERE outcome = 'MIGRATED'"
                    + " GROUP BY user_key HAVING count(*) > 1")).isEmpty();
            for (Map<String, Object> user : stranded) {
                assertThat(rows(modern, "SELECT instance_id FROM strangler.ledger WHERE user_key = '"
                        + user.get("user_key") + "'")).extracting(row -> row.get("instance_id"))
                        .containsExactly("survivor");
            }
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE state = 'PENDING'")).isZero();
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE claimed_by = 'survivor'"))
                    .isZero();
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    /** Waits, bounded, until the worker has migrated {@code atLeast} users. */
    private static void awaitMigratedBy(TestDatabase modern, String worker, int atLeast, Process process) {
        await("the worker migrated " + atLeast + " users").atMost(Duration.ofSeconds(90))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .failFast("worker process exited early; see target/backfill-doomed-worker.log",
                        () -> !process.isAlive())
                .until(() -> tableExists(modern) && count(modern, "SELECT count(*) FROM strangler.ledger"
                        + " WHERE outcome = 'MIGRATED' AND instance_id = '" + worker + "'") >= atLeast);
    }

    private static boolean tableExists(TestDatabase modern) {
        return count(modern, "SELECT count(*) FROM pg_tables WHERE schemaname = 'strangler'"
                + " AND tablename = 'ledger'") > 0;
    }
}
