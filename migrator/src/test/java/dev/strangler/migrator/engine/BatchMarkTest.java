package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Backfills.BatchWrites;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.migrator.bulk.BatchLoad;
import dev.strangler.migrator.bulk.BatchResult;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.sqlclient.impl.tracing.QueryRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deferred marks of a backfill are written as batches ({@link BatchMarker}): a constant number of statements for
 * a batch of due marks, whatever its size, with the per-user mark's semantics (a legacy write made between the
 * migration and the mark caught up for exactly that user; a user rolled back or migrated again meanwhile left
 * alone; a user whose mark fails marked on its own while the others are marked). Statements are counted by a tracer
 * on the migrator's Vert.x, which the SQL client tells of every statement it sends (a batch of N executions counts
 * N), not by timing.
 */
@ExtendWith(PostgresExtension.class)
class BatchMarkTest {

    private static final List<String> FOUR = List.of("ALFKI", "ANATR", "AROUT", "BERGS");

    @Test
    void aBatchOfDueMarks_isWrittenWithAConstantNumberOfStatements(
            @Postgres("legacy1") TestDatabase legacy, @Postgres("modern1") TestDatabase modern) throws Exception {
        try (Running running = Running.start(legacy, modern, Duration.ofHours(1), false)) {
            Northwind.run(legacy, "INSERT INTO customers SELECT 'G' || lpad(i::text, 4, '0'), 'Generated ' || i,"
                    + " 'Someone', 'France', '1997-01-01', NULL FROM generate_series(1, 40) AS i");
            marked(running, modern, generated(1, 2));

            List<String> small = marked(running, modern, generated(3, 6));
            List<String> large = marked(running, modern, generated(7, 30));

            assertThat(large).as("statements for 24 marks against 4 marks: " + large + " / " + small)
                    .hasSameSizeAs(small);
            assertThat(small).as("the marks' two transactions: " + small).hasSizeLessThanOrEqualTo(12);
            assertThat(count(legacy, "SELECT count(*) FROM customers WHERE customer_id LIKE 'G%'"
                    + " AND migrated_at IS NOT NULL")).isEqualTo(30);
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger_cleaned")).isEqualTo(30);
        }
    }

    @Test
    void aLegacyWriteBetweenMigrationAndMark_isCaughtUpForExactlyThatUser(
            @Postgres("legacy2") TestDatabase legacy, @Postgres("modern2") TestDatabase modern) throws Exception {
        try (Running running = Running.start(legacy, modern, Duration.ofHours(1), false)) {
            backfill(running, FOUR);
            Northwind.run(legacy, "UPDATE customers SET contact_name = 'Written Late' WHERE customer_id = 'BERGS'");
            allDue(modern);

            assertThat(await(running.migrator.marks().batch().markHeard(FOUR))).isEqualTo(4);

            assertThat(rows(modern, "SELECT id, contact FROM customer WHERE id IN ('ALFKI', 'BERGS') ORDER BY id"))
                    .containsExactly(Map.of("id", "ALFKI", "contact", "Maria Anders"),
                            Map.of("id", "BERGS", "contact", "Written Late"));
            assertThat(rows(modern, "SELECT user_key, outcome FROM strangler.ledger ORDER BY user_key, id"))
                    .extracting(row -> row.get("user_key") + " " + row.get("outcome")).containsExactly(
                            "ALFKI MIGRATED", "ANATR MIGRATED", "AROUT MIGRATED", "BERGS MIGRATED",
                            "BERGS CATCH_UP");
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE cleaned_pending")).isZero();
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger_cleaned c"
                    + " JOIN strangler.ledger l ON l.id = c.ledger_id WHERE l.user_key = 'BERGS'"
                    + " AND l.outcome = 'CATCH_UP'")).as("the catch-up's entry is the one marked").isEqualTo(1);
            assertThat(count(legacy, "SELECT count(*) FROM customers WHERE customer_id IN ('ALFKI', 'ANATR',"
                    + " 'AROUT', 'BERGS') AND migrated_at IS NOT NULL")).isEqualTo(4);
        }
    }

    @Test
    void aUserRolledBackOrMigratedAgainMeanwhile_isLeftAlone(
            @Postgres("legacy3") TestDatabase legacy, @Postgres("modern3") TestDatabase modern) throws Exception {
        try (Running running = Running.start(legacy, modern, Duration.ofHours(1), true)) {
            backfill(running, FOUR);
            allDue(modern);
            Rollbacks.Outcome rolledBack = await(running.migrator.rollback("AROUT", Trigger.ADMIN));
            assertThat(rolledBack).as(rolledBack.detail()).isInstanceOf(Rollbacks.Outcome.RolledBack.class);
            assertThat(await(running.migrator.rollback("ANATR", Trigger.ADMIN)))
                    .isInstanceOf(Rollbacks.Outcome.RolledBack.class);
            assertThat(await(running.migrator.migrate("ANATR", Trigger.CLI, true)))
                    .as("migrated again: its new mark is due in an hour")
                    .isInstanceOf(MigrationEngine.Outcome.Migrated.class);

            assertThat(await(running.migrator.marks().batch().markHeard(FOUR))).isEqualTo(2);

            assertThat(rows(modern, "SELECT user_key, state, cleaned_pending FROM strangler.user_state"
                    + " ORDER BY user_key")).containsExactly(
                    Map.of("user_key", "ALFKI", "state", "MIGRATED", "cleaned_pending", false),
                    Map.of("user_key", "ANATR", "state", "MIGRATED", "cleaned_pending", true),
                    Map.of("user_key", "AROUT", "state", "ROLLED_BACK", "cleaned_pending", false),
                    Map.of("user_key", "BERGS", "state", "MIGRATED", "cleaned_pending", false));
            assertThat(rows(legacy, "SELECT customer_id, migrated_at IS NOT NULL AS marked FROM customers"
                    + " WHERE customer_id IN ('ANATR', 'AROUT') ORDER BY customer_id")).containsExactly(
                    Map.of("customer_id", "ANATR", "marked", false),
                    Map.of("customer_id", "AROUT", "marked", false));
        }
    }

    @Test
    void aUserWhoseMarkFails_isMarkedAlone_andTheOthersAreMarked(
            @Postgres("legacy4") TestDatabase legacy, @Postgres("modern4") TestDatabase modern) throws Exception {
        try (Running running = Running.start(legacy, modern, Duration.ofHours(1), false)) {
            backfill(running, FOUR);
            Northwind.run(legacy, "INSERT INTO fault (kind, user_key) VALUES ('refuse', 'AROUT')");
            allDue(modern);

            assertThat(await(running.migrator.marks().batch().markHeard(FOUR))).isEqualTo(3);

            assertThat(rows(modern, "SELECT user_key, cleaned_pending, cleaned_error LIKE '%refused%' AS refused"
                    + " FROM strangler.user_state WHERE cleaned_pending OR cleaned_error IS NOT NULL"))
                    .containsExactly(Map.of("user_key", "AROUT", "cleaned_pending", true, "refused", true));
            assertThat(rows(legacy, "SELECT customer_id FROM customers WHERE migrated_at IS NOT NULL"
                    + " ORDER BY customer_id")).extracting(row -> row.get("customer_id"))
                    .containsExactly("ALFKI", "ANATR", "BERGS");
        }
    }

    /** Backfills the users, makes their marks due, and returns the statements that then wrote them. */
    private static List<String> marked(Running running, TestDatabase modern, List<String> keys) {
        backfill(running, keys);
        allDue(modern);
        running.statements.reset();
        assertThat(await(running.migrator.marks().batch().markHeard(keys))).isEqualTo(keys.size());
        return running.statements.taken();
    }

    private static void backfill(Running running, List<String> keys) {
        BatchResult result = await(BatchLoad.of(running.migrator.batchParts(), BatchWrites.MULTI_ROW)
                .migrate(keys, Trigger.BACKFILL));
        assertThat(result.outcomes()).allMatch(outcome -> outcome instanceof MigrationEngine.Outcome.Migrated);
    }

    private static List<String> generated(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> String.format("G%04d", i)).toList();
    }

    private static void allDue(TestDatabase modern) {
        Northwind.run(modern, "UPDATE strangler.user_state SET cleaned_due_at = clock_timestamp()"
                + " - interval '1 second' WHERE cleaned_pending");
    }

    /** Every statement the SQL client sends on this Vert.x, an execution of a batch per set of parameters. */
    private static final class Statements implements VertxTracer<Object, Object> {

        private final List<String> sent = new ArrayList<>();

        @Override
        public <R> Object sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
                                      String operation, BiConsumer<String, String> headers,
                                      TagExtractor<R> tags) {
            if (request instanceof QueryRequest query) {
                synchronized (this) {
                    for (int i = 0; i < Math.max(1, query.tuples().size()); i++) {
                        sent.add(query.sql());
                    }
                }
            }
            return null;
        }

        synchronized void reset() {
            sent.clear();
        }

        /** What was sent since the reset, without the fleet's barrier (taken once per batch, counted apart). */
        synchronized List<String> taken() {
            return sent.stream().filter(sql -> !sql.contains("strangler.instances")
                    && !sql.contains("barrier_tokens")).toList();
        }
    }

    /**
     * A migrator with the given mark delay and no periodic repair, on a Vert.x whose statements are counted; the
     * marks its timer still owes on closing are left (the tests write them themselves).
     */
    private record Running(Vertx vertx, Migrator migrator, Statements statements) implements AutoCloseable {

        static Running start(TestDatabase legacy, TestDatabase modern, Duration delay, boolean rollback)
                throws Exception {
            Northwind.createSchemas(legacy, modern);
            Statements statements = new Statements();
            Vertx vertx = Vertx.builder().withTracer(options -> statements).build();
            MigrationPlan plan = Northwind.plan(legacy.uri(), modern.uri(), Duration.ofSeconds(20), Map.of());
            if (rollback) {
                plan = RollbackTest.withRollback(plan, RollbackTest.STEPS);
            }
            return new Running(vertx, Northwind.start(vertx, plan, MigratorSettings.defaults(plan)
                    .withMarkDelay(delay).withCleanedRepairEvery(Duration.ofHours(1)).withExtensions(List.of())),
                    statements);
        }

        @Override
        public void close() {
            migrator.marks().deferred().close();
            migrator.close();
            await(vertx.close());
        }
    }
}
