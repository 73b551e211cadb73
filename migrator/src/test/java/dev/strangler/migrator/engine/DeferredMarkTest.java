package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Backfills.BatchWrites;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.bulk.BatchLoad;
import dev.strangler.migrator.bulk.BatchResult;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * History seed 1: a backfill migration committed; a replica that had not heard of it yet forwarded the user's title
 * to legacy (slowed by 500 ms); the cleaned mark's catch-up had read legacy at once, the mark committed, and the
 * write reached legacy after it: lost to modern. The mark of a migration no request started is now deferred by the
 * mark delay and written when due (README "In transition"), by the committing process's timer or any process's
 * repair; the user is in transition (served by no instance) until then. The late write here is made once the
 * migration's commit is visible, as the late request's would be; every timing asserted is a lower bound (the mark
 * no earlier than its due time, by the database's clock), which a slow machine cannot break.
 */
@ExtendWith(PostgresExtension.class)
class DeferredMarkTest {

    private static final Duration DELAY = Duration.ofSeconds(3);

    @Test
    void seed1_legacyWriteLandingAfterACommandLineMigrationCommitted_isCaughtUpByTheDeferredMark(
            @Postgres("legacy1") TestDatabase legacy, @Postgres("modern1") TestDatabase modern) throws Exception {
        try (Running running = Running.start(legacy, modern, DELAY, false)) {
            MigrationEngine.Outcome outcome = await(running.migrator.migrate("ALFKI", Trigger.CLI, false));

            assertThat(outcome).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            Northwind.run(legacy, "UPDATE customers SET contact_name = 'Written Late' WHERE customer_id = 'ALFKI'");
            awaitMarked(modern, "ALFKI");

            assertThat(rows(modern, "SELECT contact FROM customer WHERE id = 'ALFKI'"))
                    .containsExactly(Map.of("contact", "Written Late"));
            assertThat(rows(modern, "SELECT outcome FROM strangler.ledger WHERE user_key = 'ALFKI' ORDER BY id"))
                    .extracting(row -> row.get("outcome")).containsExactly("MIGRATED", "CATCH_UP");
            assertMarkedNoEarlierThanDue(modern, "ALFKI");
            assertThat(count(legacy, "SELECT count(*) FROM customers WHERE customer_id = 'ALFKI'"
                    + " AND migrated_at IS NOT NULL")).isEqualTo(1);
        }
    }

    @Test
    void aRequestsMigration_marksAtOnce(@Postgres("legacy2") TestDatabase legacy,
                                        @Postgres("modern2") TestDatabase modern) throws Exception {
        try (Running running = Running.start(legacy, modern, Duration.ofHours(1), false)) {
            assertThat(await(running.migrator.ensureMigrated("ALFKI", Trigger.REQUEST)))
                    .isInstanceOf(MigrationEngine.Outcome.Migrated.class);

            assertThat(rows(modern, "SELECT cleaned_pending, cleaned_due_at IS NULL AS at_once"
                    + " FROM strangler.user_state WHERE user_key = 'ALFKI'"))
                    .containsExactly(Map.of("cleaned_pending", false, "at_once", true));
        }
    }

    @Test
    void theRepair_skipsMarksNotDueYet_andWritesDueOnes(@Postgres("legacy3") TestDatabase legacy,
                                                         @Postgres("modern3") TestDatabase modern) throws Exception {
        try (Running running = Running.start(legacy, modern, Duration.ofHours(1), false)) {
            assertThat(await(running.migrator.migrate("ANATR", Trigger.CLI, false)))
                    .isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            assertThat(await(running.migrator.migrate("AROUT", Trigger.ADMIN, false)))
                    .isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            Northwind.run(modern, "UPDATE strangler.user_state SET cleaned_due_at = clock_timestamp()"
                    + " - interval '1 second' WHERE user_key = 'AROUT'");

            assertThat(await(running.migrator.marks().marker().repair())).isEqualTo(1);

            assertThat(rows(modern, "SELECT user_key, cleaned_pending FROM strangler.user_state"
                    + " WHERE user_key IN ('ANATR', 'AROUT') ORDER BY user_key")).containsExactly(
                    Map.of("user_key", "ANATR", "cleaned_pending", true),
                    Map.of("user_key", "AROUT", "cleaned_pending", false));
            assertThat(await(running.migrator.marks().marker().mark("ANATR"))).as("a mark not due").isFalse();
            running.migrator.marks().deferred().close();
        }
    }

    @Test
    void aBackfillBatch_movesOnAtOnce_andTheProcessWritesItsDueMarksBeforeItCloses(
            @Postgres("legacy4") TestDatabase legacy, @Postgres("modern4") TestDatabase modern) throws Exception {
        List<String> keys = List.of("ALFKI", "ANATR", "AROUT", "BERGS");
        Running running = Running.start(legacy, modern, DELAY, false);
        try {
            BatchResult result = await(BatchLoad.of(running.migrator.batchParts(), BatchWrites.MULTI_ROW)
                    .migrate(keys, Trigger.BACKFILL));
            assertThat(result.outcomes()).allMatch(outcome -> outcome instanceof MigrationEngine.Outcome.Migrated);
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE cleaned_pending"
                    + " AND cleaned_due_at IS NOT NULL")).as("marks deferred, not written by the batch")
                    .isEqualTo(keys.size());
            Northwind.run(legacy, "UPDATE customers SET contact_name = 'Written Late' WHERE customer_id = 'BERGS'");
        } finally {
            running.close();
        }

        assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE cleaned_pending")).isZero();
        assertThat(rows(modern, "SELECT contact FROM customer WHERE id = 'BERGS'"))
                .containsExactly(Map.of("contact", "Written Late"));
        for (String key : keys) {
            assertMarkedNoEarlierThanDue(modern, key);
        }
    }

    @Test
    void aRollbackOfAUserWhoseMarkIsNotDue_waitsForIt_catchesUp_andKeepsTheLateWrite(
            @Postgres("legacy5") TestDatabase legacy, @Postgres("modern5") TestDatabase modern) throws Exception {
        try (Running running = Running.start(legacy, modern, DELAY, true)) {
            assertThat(await(running.migrator.migrate("ALFKI", Trigger.CLI, false)))
                    .isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            Northwind.run(legacy, "UPDATE customers SET contact_name = 'Written Late' WHERE customer_id = 'ALFKI'");

            Rollbacks.Outcome outcome = await(running.migrator.rollback("ALFKI", Trigger.ADMIN));

            assertThat(outcome).as(outcome.detail()).isInstanceOf(Rollbacks.Outcome.RolledBack.class);
            assertThat(rows(legacy, "SELECT contact_name FROM customers WHERE customer_id = 'ALFKI'"))
                    .containsExactly(Map.of("contact_name", "Written Late"));
            assertThat(rows(modern, "SELECT outcome FROM strangler.ledger WHERE user_key = 'ALFKI' ORDER BY id"))
                    .extracting(row -> row.get("outcome")).containsExactly("MIGRATED", "CATCH_UP", "ROLLED_BACK");
            assertThat(((Number) rows(modern, "SELECT extract(epoch FROM (SELECT max(c.cleaned_at)"
                    + " FROM strangler.ledger_cleaned c JOIN strangler.ledger l ON l.id = c.ledger_id"
                    + " WHERE l.user_key = 'ALFKI') - (SELECT finished_at FROM strangler.ledger"
                    + " WHERE user_key = 'ALFKI' AND outcome = 'MIGRATED'))::float8 AS s").get(0).get("s"))
                    .doubleValue())
                    .as("the mark written no earlier than its due time").isGreaterThanOrEqualTo(
                            DELAY.toMillis() / 1000.0 - 0.5);
        }
    }

    @Test
    void aDueMark_waitsUntilEveryLiveInstanceHeardABarrierTakenAfterTheCommit(
            @Postgres("legacy6") TestDatabase legacy, @Postgres("modern6") TestDatabase modern) throws Exception {
        try (Running running = Running.start(legacy, modern, Duration.ofSeconds(1), false)) {
            await(running.migrator.fleet().register("slow-replica", Duration.ofMinutes(1)));
            long before = lastBarrier(modern);
            assertThat(await(running.migrator.migrate("ALFKI", Trigger.CLI, false)))
                    .isInstanceOf(MigrationEngine.Outcome.Migrated.class);

            long token = Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> lastBarrier(modern), taken -> taken > before);
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE user_key = 'ALFKI'"
                    + " AND cleaned_pending")).as("due, but the replica has not heard").isEqualTo(1);
            Northwind.run(legacy, "UPDATE customers SET contact_name = 'Written Late' WHERE customer_id = 'ALFKI'");
            await(running.migrator.fleet().heard("slow-replica", token));

            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                boolean marked = count(modern, "SELECT count(*) FROM strangler.user_state WHERE user_key = 'ALFKI'"
                        + " AND NOT cleaned_pending") == 1;
                return marked || await(running.migrator.marks().marker().repair()) < 0;
            });
            assertThat(rows(modern, "SELECT contact FROM customer WHERE id = 'ALFKI'"))
                    .containsExactly(Map.of("contact", "Written Late"));
        }
    }

    private static long lastBarrier(TestDatabase modern) {
        return ((Number) rows(modern, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS t"
                + " FROM strangler.barrier_tokens").get(0).get("t")).longValue();
    }

    private static void awaitMarked(TestDatabase modern, String key) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(modern, "SELECT count(*)"
                + " FROM strangler.user_state WHERE user_key = '" + key + "' AND NOT cleaned_pending") == 1);
    }

    /** The mark's time (the engine's clock, the database's here) is at or after the due time it was deferred to. */
    private static void assertMarkedNoEarlierThanDue(TestDatabase modern, String key) {
        assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE user_key = '" + key + "'"
                + " AND NOT cleaned_pending AND cleaned_due_at IS NOT NULL"
                + " AND cleaned_at >= cleaned_due_at - interval '500 milliseconds'")).as(key).isEqualTo(1);
    }

    /** A migrator with the given mark delay, no periodic repair, and (optionally) the rollback steps. */
    private record Running(Vertx vertx, Migrator migrator) implements AutoCloseable {

        static Running start(TestDatabase legacy, TestDatabase modern, Duration delay, boolean rollback)
                throws Exception {
            Northwind.createSchemas(legacy, modern);
            Vertx vertx = Vertx.vertx();
            MigrationPlan plan = Northwind.plan(legacy.uri(), modern.uri(), Duration.ofSeconds(20), Map.of());
            if (rollback) {
                plan = RollbackTest.withRollback(plan, RollbackTest.STEPS);
            }
            return new Running(vertx, Northwind.start(vertx, plan, MigratorSettings.defaults(plan)
                    .withMarkDelay(delay).withCleanedRepairEvery(Duration.ofHours(1)).withExtensions(List.of())));
        }

        @Override
        public void close() {
            migrator.close();
            await(vertx.close());
        }
    }
}
