package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.BatchWrites;
import dev.strangler.migrator.MigrationOutcome;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Trigger;
import dev.strangler.migrator.bulk.BatchLoad;
import dev.strangler.migrator.bulk.BatchResult;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * History seed 1: a backfill migration committed, and a replica that had not heard of it yet forwarded the user's
 * title to legacy (slowed by 500 ms); the write reached legacy after the cleaned mark, whose catch-up had read legacy
 * at once, and was lost. A migration no request started now waits half of {@code migration.timeout} (here 10 s)
 * after its commit before the mark, so such a write lands before the catch-up reads legacy again. The write is made
 * once the migration's commit is visible, as the late request's would be; the wait itself is asserted as a lower
 * bound (the mark at least 10 s after the migration's ledger entry), which no timing of the machine can break.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LateLegacyWriteTest {

    private Vertx vertx;
    private Migrator migrator;
    private TestDatabase legacy;
    private TestDatabase modern;

    @BeforeAll
    void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        this.legacy = legacy;
        this.modern = modern;
        Northwind.createSchemas(legacy, modern);
        vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy.uri(), modern.uri(), Duration.ofSeconds(20), Map.of());
        migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("late")
                .withCleanedRepairEvery(Duration.ofHours(1)).withExtensions(List.of()));
    }

    @AfterAll
    void stop() {
        migrator.close();
        await(vertx.close());
    }

    @Test
    void seed1_legacyWriteLandingAfterACommandLineMigrationCommitted_isCaughtUpBeforeTheMark() {
        Future<MigrationOutcome> migrating = migrator.migrate("ALFKI", Trigger.CLI, false);
        awaitMarkOwed("ALFKI");

        Northwind.run(legacy, "UPDATE customers SET contact_name = 'Written Late' WHERE customer_id = 'ALFKI'");

        assertThat(await(migrating)).isInstanceOf(MigrationOutcome.Migrated.class);
        assertThat(rows(modern, "SELECT contact FROM customer WHERE id = 'ALFKI'"))
                .containsExactly(Map.of("contact", "Written Late"));
        assertThat(rows(modern, "SELECT outcome FROM strangler.ledger WHERE user_key = 'ALFKI' ORDER BY id"))
                .extracting(row -> row.get("outcome")).containsExactly("MIGRATED", "CATCH_UP");
        assertThat(secondsFromMigrationToMark("ALFKI")).isGreaterThanOrEqualTo(10.0);
    }

    @Test
    void seed1_legacyWriteLandingAfterABackfillBatchCommitted_isCaughtUpBeforeItsMarks() {
        BatchLoad batches = BatchLoad.of(migrator.batchParts(), BatchWrites.MULTI_ROW);
        Future<BatchResult> loading = batches.migrate(List.of("ANATR", "AROUT"), Trigger.BACKFILL);
        awaitMarkOwed("AROUT");

        Northwind.run(legacy, "UPDATE customers SET contact_name = 'Written Late' WHERE customer_id = 'AROUT'");

        assertThat(await(loading).outcomes()).allMatch(outcome -> outcome instanceof MigrationOutcome.Migrated);
        assertThat(rows(modern, "SELECT contact FROM customer WHERE id = 'AROUT'"))
                .containsExactly(Map.of("contact", "Written Late"));
        assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE cleaned_pending"
                + " AND user_key IN ('ANATR', 'AROUT')")).isZero();
        assertThat(secondsFromMigrationToMark("ANATR")).isGreaterThanOrEqualTo(10.0);
    }

    /**
     * From the migration's ledger entry (written just before its commit) to the cleaned mark, both by the engine's
     * clock: a lower bound of the wait, which a timer never shortens.
     */
    private double secondsFromMigrationToMark(String key) {
        return ((Number) rows(modern, "SELECT extract(epoch FROM s.cleaned_at - l.finished_at)::float8 AS waited"
                + " FROM strangler.user_state s JOIN strangler.ledger l ON l.user_key = s.user_key"
                + " AND l.outcome = 'MIGRATED' WHERE s.user_key = '" + key + "'").get(0).get("waited")).doubleValue();
    }

    private void awaitMarkOwed(String key) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(modern, "SELECT count(*)"
                + " FROM strangler.user_state WHERE user_key = '" + key + "' AND state = 'MIGRATED'"
                + " AND cleaned_pending") == 1);
    }
}
