package dev.strangler.migrator.sync;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.MigrationPlan;
import dev.strangler.config.RollbackStep;
import dev.strangler.migrator.Coexistence.ChangeSync;
import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.SyncSettings;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
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
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17 end to end on the migrator: Debezium captures both real databases (logical decoding), and the sync
 * catches legacy changes up into modern, writes modern changes back for a coexisting cohort, never echoes its own
 * writes, keeps modern's value on a conflict and records it, resumes from its stored offsets after a restart, and
 * drops its slots. The tests run in order: each leaves the sync as the next expects it.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeSyncTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String NAME = "sync_test";
    private static final List<RollbackStep> STEPS = List.of(new RollbackStep(
            "SELECT id, name, contact, country FROM customer WHERE id = $1",
            "UPDATE customers SET company_name = :name, contact_name = :contact, country = :country"
                    + " WHERE customer_id = :id"), new RollbackStep(
            "SELECT l.order_id, l.product_id, l.quantity FROM order_line l JOIN customer_order o ON o.id = l.order_id"
                    + " WHERE o.customer_id = $1",
            "UPDATE order_details SET quantity = :quantity WHERE order_id = :order_id AND product_id = :product_id"));

    private Vertx vertx;
    private Migrator migrator;
    private ChangeSync sync;
    private TestDatabase legacy;
    private TestDatabase modern;

    @BeforeAll
    void start(@Postgres(value = "legacy", logicalDecoding = true) TestDatabase legacy,
               @Postgres(value = "modern", logicalDecoding = true) TestDatabase modern) throws Exception {
        this.legacy = legacy;
        this.modern = modern;
        Northwind.createSchemas(legacy, modern);
        vertx = Vertx.vertx();
        MigrationPlan base = Northwind.plan(legacy, modern);
        MigrationPlan plan = new MigrationPlan(base.legacy(), base.modern(), base.timeout(), base.retryAfter(),
                base.users(), base.entities(), base.cleaned(), STEPS, base.uncleaned(), base.version());
        migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("sync-test")
                .withExtensions(List.of()));
        for (String user : List.of("ALFKI", "ANATR")) {
            assertThat(await(migrator.engine().ensureMigrated(user, Trigger.CLI)))
                    .isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        }
        await().atMost(PATIENCE).until(() -> count(modern,
                "SELECT count(*) FROM strangler.user_state WHERE cleaned_pending") == 0);
        sync = startSync("sync-1");
    }

    private ChangeSync startSync(String instance) {
        ChangeSync started = migrator.coexistence().start(new SyncSettings(NAME, instance, Duration.ofSeconds(3),
                user -> "everyone", Clock.systemUTC()));
        await().atMost(PATIENCE).until(started::active);
        await().atMost(PATIENCE).until(() -> count(legacy,
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + NAME + "_legacy' AND active") == 1
                && count(modern, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + NAME
                + "_modern' AND active") == 1);
        return started;
    }

    @AfterAll
    void stop() {
        if (sync != null) {
            sync.close();
            await(sync.stopped());
        }
        await(migrator.coexistence().dropSlots(NAME));
        migrator.close();
        await(vertx.close());
    }

    @Test
    @Order(1)
    void legacyBatchJob_changesOfAMigratedCustomer_reachModern() {
        Northwind.run(legacy, "UPDATE customers SET contact_name = 'Batch Job' WHERE customer_id = 'ALFKI';"
                + " INSERT INTO orders (order_id, customer_id, order_date, freight)"
                + " VALUES (30001, 'ALFKI', '2026-02-01', 7.50)");

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(rows(modern, "SELECT contact FROM customer WHERE id = 'ALFKI'"))
                    .containsExactly(Map.of("contact", "Batch Job"));
            assertThat(count(modern, "SELECT count(*) FROM customer_order WHERE id = 30001 AND customer_id = 'ALFKI'"
                    + " AND freight = 7.50")).isEqualTo(1);
        });
        assertThat(rows(modern, "SELECT outcome, trigger FROM strangler.ledger WHERE user_key = 'ALFKI'"
                + " AND outcome = 'CATCH_UP'")).isNotEmpty().allSatisfy(row -> assertThat(row.get("trigger"))
                .isEqualTo("sync"));
    }

    @Test
    @Order(2)
    void legacyChangeOfAJoinedFetchsOwnTableAlone_reachesModern() {
        Northwind.run(legacy, "UPDATE order_details SET quantity = 99 WHERE order_id = 10702 AND product_id = 76");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(count(modern, "SELECT count(*) FROM order_line"
                + " WHERE order_id = 10702 AND product_id = 76 AND quantity = 99")).isEqualTo(1));
    }

    @Test
    @Order(2)
    void legacyDeletesOfAMigratedUsersRows_areDeletedFromModern_childrenFirst() {
        Northwind.run(legacy, "ALTER TABLE orders REPLICA IDENTITY FULL");
        Northwind.run(legacy, "DELETE FROM order_details WHERE order_id = 10692;"
                + " DELETE FROM orders WHERE order_id = 10692");

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(count(modern, "SELECT count(*) FROM customer_order WHERE id = 10692")).isZero();
            assertThat(count(modern, "SELECT count(*) FROM order_line WHERE order_id = 10692")).isZero();
        });
        assertThat(count(modern, "SELECT count(*) FROM customer_order WHERE id = 10702")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void legacyDeleteOfARowModernChanged_keepsModernsRow_andRecordsTheConflict() {
        Northwind.run(modern, "UPDATE order_line SET quantity = 77 WHERE order_id = 10643 AND product_id = 28");
        Northwind.run(legacy, "DELETE FROM order_details WHERE order_id = 10643 AND product_id = 28");

        await().atMost(PATIENCE).until(() -> count(modern, "SELECT count(*) FROM strangler.ledger"
                + " WHERE user_key = 'ALFKI' AND errors::text LIKE '%(row)%legacy deleted the row%'") == 1);
        assertThat(count(modern, "SELECT count(*) FROM order_line WHERE order_id = 10643 AND product_id = 28"
                + " AND quantity = 77")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void legacyChangeOfAUserNotMigrated_isNotApplied() {
        Northwind.run(legacy, "UPDATE customers SET contact_name = 'Still Legacy' WHERE customer_id = 'AROUT'");
        Northwind.run(legacy, "UPDATE customers SET contact_name = 'After Anton' WHERE customer_id = 'ALFKI'");

        await().atMost(PATIENCE).until(() -> rows(modern, "SELECT contact FROM customer WHERE id = 'ALFKI'")
                .equals(List.of(Map.of("contact", "After Anton"))));
        assertThat(count(modern, "SELECT count(*) FROM customer WHERE id = 'AROUT'")).isZero();
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'AROUT'")).isZero();
        assertThat(sync.status().skipped()).containsKey("not_migrated");
    }

    @Test
    @Order(3)
    void modernChange_isNotWrittenBack_whileTheCohortIsOnlyMigrating() {
        // ALFKI's order line changed on modern at order 2 is skipped first (order_line is captured through the
        // rollback fetch's join): only a skip after it is this change's.
        await().atMost(PATIENCE).until(() -> sync.status().skipped().getOrDefault("stage_off", 0L) > 0);
        long before = sync.status().skipped().getOrDefault("stage_off", 0L);
        Northwind.run(modern, "UPDATE customer SET contact = 'Not Yet Back' WHERE id = 'ANATR'");

        await().atMost(PATIENCE).until(() -> sync.status().skipped().getOrDefault("stage_off", 0L) > before);
        assertThat(rows(legacy, "SELECT contact_name FROM customers WHERE customer_id = 'ANATR'"))
                .doesNotContain(Map.of("contact_name", "Not Yet Back"));
    }

    @Test
    @Order(4)
    void modernChange_ofACoexistingCohort_isWrittenBack_andNotEchoed() {
        await(migrator.coexistence().stages().set("everyone", CohortStage.COEXISTING, "test", "sync-back on"));
        Northwind.run(modern, "UPDATE customer SET contact = 'Modern Edit' WHERE id = 'ANATR'");

        await().atMost(PATIENCE).until(() -> rows(legacy,
                "SELECT contact_name FROM customers WHERE customer_id = 'ANATR'")
                .equals(List.of(Map.of("contact_name", "Modern Edit"))));
        await().atMost(PATIENCE).until(() -> sync.status().skipped().getOrDefault("own_write", 0L) > 0);
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ANATR'"
                + " AND outcome = 'SYNC_BACK'")).isEqualTo(1);
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ANATR'"
                + " AND outcome = 'CATCH_UP'")).isZero();
        var verified = await(migrator.verification().verify("ANATR"));
        assertThat(verified.clean()).as(verified.toText()).isTrue();
    }

    @Test
    @Order(5)
    void modernChangeOfATableReachedOnlyThroughAJoin_ofACoexistingCohort_isWrittenBack() {
        String syncBacks = "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ANATR' AND outcome = 'SYNC_BACK'";
        long before = count(modern, syncBacks);
        Northwind.run(modern, "UPDATE order_line SET quantity = 42 WHERE order_id = 10308 AND product_id = 70");

        await().atMost(PATIENCE).until(() -> rows(legacy, "SELECT quantity::int AS quantity FROM order_details"
                + " WHERE order_id = 10308 AND product_id = 70").equals(List.of(Map.of("quantity", 42))));
        assertThat(count(modern, syncBacks)).isGreaterThan(before);
    }

    @Test
    @Order(5)
    void legacysCopyOfAModernChange_isNotTakenForALegacyChange_soNoFalseConflict() {
        Northwind.run(modern, "UPDATE customer SET contact = 'Modern Edit 2' WHERE id = 'ANATR'");
        Northwind.run(legacy, "UPDATE customers SET company_name = 'Ana Renamed' WHERE customer_id = 'ANATR'");

        await().atMost(PATIENCE).until(() -> rows(legacy,
                "SELECT contact_name, company_name FROM customers WHERE customer_id = 'ANATR'").equals(List.of(
                Map.of("contact_name", "Modern Edit 2", "company_name", "Ana Renamed")))
                && rows(modern, "SELECT name FROM customer WHERE id = 'ANATR'")
                .equals(List.of(Map.of("name", "Ana Renamed"))));
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ANATR'"
                + " AND errors <> '[]'::jsonb")).isZero();
    }

    @Test
    @Order(6)
    void changesOnBothSides_whileTheSyncIsDown_keepModernsValue_recordTheConflict_andResume() {
        sync.close();
        await(sync.stopped());
        Northwind.run(legacy, "UPDATE customers SET contact_name = 'Legacy Side' WHERE customer_id = 'ALFKI'");
        Northwind.run(modern, "UPDATE customer SET contact = 'Modern Side' WHERE id = 'ALFKI'");
        Northwind.run(legacy, "UPDATE customers SET company_name = 'Alfreds Renamed' WHERE customer_id = 'ALFKI'");

        sync = startSync("sync-2");

        await().atMost(PATIENCE).until(() -> rows(legacy,
                "SELECT contact_name FROM customers WHERE customer_id = 'ALFKI'")
                .equals(List.of(Map.of("contact_name", "Modern Side"))));
        assertThat(rows(modern, "SELECT contact, name FROM customer WHERE id = 'ALFKI'"))
                .containsExactly(Map.of("contact", "Modern Side", "name", "Alfreds Renamed"));
        String errors = String.valueOf(rows(modern, "SELECT errors::text AS errors FROM strangler.ledger"
                + " WHERE user_key = 'ALFKI' AND errors <> '[]'::jsonb ORDER BY id DESC LIMIT 1").get(0).get("errors"));
        assertThat(errors).contains("conflict", "contact", "Modern Side", "Legacy Side");
        assertThat(sync.status().conflicts()).containsEntry("customer", 1L);
    }

    @Test
    @Order(7)
    void syncStoppedMidStream_andRestarted_losesAndDuplicatesNothing() {
        for (int i = 0; i < 20; i++) {
            Northwind.run(legacy, "INSERT INTO orders (order_id, customer_id, order_date, freight) VALUES ("
                    + (31000 + i) + ", 'ALFKI', '2026-03-01', " + i + ")");
            if (i == 5) {
                sync.close();
                await(sync.stopped());
            }
        }
        sync = startSync("sync-3");

        await().atMost(PATIENCE).until(() -> count(modern,
                "SELECT count(*) FROM customer_order WHERE id BETWEEN 31000 AND 31019") == 20);
        assertThat(rows(modern, "SELECT id, freight::int AS freight FROM customer_order"
                + " WHERE id BETWEEN 31000 AND 31019 ORDER BY id"))
                .hasSize(20).allSatisfy(row -> assertThat(((Number) row.get("id")).intValue() - 31000)
                        .isEqualTo(((Number) row.get("freight")).intValue()));
        assertThat(rows(legacy, "SELECT count(*) AS n FROM orders WHERE order_id BETWEEN 31000 AND 31019"))
                .containsExactly(Map.of("n", 20L));
    }

    @Test
    @Order(8)
    void replicationConnectionKilled_theSyncRecoversAndKeepsApplying() {
        Northwind.run(legacy, "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                + " WHERE slot_name = '" + NAME + "_legacy' AND active_pid IS NOT NULL");
        Northwind.run(legacy, "UPDATE customers SET contact_name = 'After The Cut' WHERE customer_id = 'ALFKI'");

        await().atMost(PATIENCE).until(() -> rows(modern, "SELECT contact FROM customer WHERE id = 'ALFKI'")
                .equals(List.of(Map.of("contact", "After The Cut"))));
    }

    @Test
    @Order(9)
    void dropSlots_isRefusedWhileRunning_thenDropsBothSlots() throws Exception {
        assertThatThrownBy(() -> migrator.coexistence().dropSlots(NAME).toCompletionStage().toCompletableFuture()
                .get()).isInstanceOf(ExecutionException.class).hasMessageContaining("is running");
        sync.close();
        await(sync.stopped());
        sync = null;

        assertThat(await(migrator.coexistence().dropSlots(NAME))).containsExactlyInAnyOrder(NAME + "_legacy",
                NAME + "_modern");
        assertThat(count(legacy, "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE '" + NAME
                + "%'")).isZero();
    }
}
