package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12, window 3 (b): a legacy write that lands after the migration read legacy, and before the cleaned mark, must
 * reach modern before the mark commits (a row deleted in legacy is deleted from modern). The window is held open by a
 * refused first mark (a fault), the write is made in it, and the repair writes the mark.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatchUpTest {

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
        MigrationPlan plan = Northwind.plan(legacy, modern);
        migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("catch-up")
                .withCleanedRepairEvery(Duration.ofHours(1)).withExtensions(List.of()));
    }

    @AfterAll
    void stop() {
        migrator.close();
        await(vertx.close());
    }

    @Test
    void legacyWriteBeforeTheMark_isCaughtUpIntoModernBeforeTheMarkCommits() {
        migratedWithMarkOwed("ALFKI");
        Northwind.run(legacy, "UPDATE customers SET contact_name = 'Written Meanwhile' WHERE customer_id = 'ALFKI';"
                + " UPDATE order_details SET quantity = 99 WHERE order_id = 10643 AND product_id = 28");

        assertThat(await(migrator.marks().marker().repair())).isEqualTo(1);

        assertThat(rows(modern, "SELECT contact FROM customer WHERE id = 'ALFKI'"))
                .containsExactly(Map.of("contact", "Written Meanwhile"));
        assertThat(rows(modern, "SELECT quantity FROM order_line WHERE order_id = 10643 AND product_id = 28"))
                .containsExactly(Map.of("quantity", 99));
        assertThat(rows(modern, "SELECT outcome FROM strangler.ledger WHERE user_key = 'ALFKI' ORDER BY id"))
                .extracting(row -> row.get("outcome")).containsExactly("MIGRATED", "CATCH_UP");
        assertThat(markedInLegacy("ALFKI")).isTrue();
        assertThat(rows(modern, "SELECT state, cleaned_pending FROM strangler.user_state WHERE user_key = 'ALFKI'"))
                .containsExactly(Map.of("state", "MIGRATED", "cleaned_pending", false));
        var verified = await(migrator.verification().verify("ALFKI"));
        assertThat(verified.clean()).as(verified.toText()).isTrue();
        assertThat(verified.notes()).as(verified.toText()).isEmpty();
    }

    @Test
    void untouchedUser_isMarkedWithoutACatchUp() {
        migratedWithMarkOwed("ANATR");

        assertThat(await(migrator.marks().marker().repair())).isEqualTo(1);

        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ANATR'"
                + " AND outcome = 'CATCH_UP'")).isZero();
        assertThat(markedInLegacy("ANATR")).isTrue();
    }

    @Test
    void catchUpThatFails_keepsTheMarkOwedAndLegacyUnmarked() {
        migratedWithMarkOwed("AROUT");
        Northwind.run(legacy, "UPDATE customers SET company_name = '' WHERE customer_id = 'AROUT'");

        assertThat(await(migrator.marks().marker().repair())).isZero();

        assertThat(markedInLegacy("AROUT")).isFalse();
        Map<String, Object> state = rows(modern, "SELECT cleaned_pending, cleaned_error FROM strangler.user_state"
                + " WHERE user_key = 'AROUT'").get(0);
        assertThat(state).containsEntry("cleaned_pending", true);
        assertThat((String) state.get("cleaned_error")).contains("company name is empty");
        assertThat(rows(modern, "SELECT name FROM customer WHERE id = 'AROUT'"))
                .containsExactly(Map.of("name", "Around the Horn"));
    }

    @Test
    void legacyRowsDeletedBeforeTheMark_areDeletedFromModern_andTheCatchUpEntryLacksThem() {
        migratedWithMarkOwed("BERGS");
        Northwind.run(legacy, "DELETE FROM order_details WHERE order_id = 10278;"
                + " DELETE FROM orders WHERE order_id = 10278");

        assertThat(await(migrator.marks().marker().repair())).isEqualTo(1);

        assertThat(count(modern, "SELECT count(*) FROM order_line WHERE order_id = 10278")).isZero();
        assertThat(count(modern, "SELECT count(*) FROM customer_order WHERE id = 10278")).isZero();
        assertThat(rows(modern, "SELECT outcome, jsonb_array_length(target_snapshot -> 'orders') AS orders"
                + " FROM strangler.ledger WHERE user_key = 'BERGS' ORDER BY id"))
                .containsExactly(Map.of("outcome", "MIGRATED", "orders", 1),
                        Map.of("outcome", "CATCH_UP", "orders", 0));
        assertThat(markedInLegacy("BERGS")).isTrue();
        var verified = await(migrator.verification().verify("BERGS"));
        assertThat(verified.clean()).as(verified.toText()).isTrue();
        assertThat(verified.notes()).as(verified.toText()).isEmpty();
    }

    private void migratedWithMarkOwed(String key) {
        Northwind.run(legacy, "INSERT INTO fault VALUES ('refuse', '" + key + "', 0)");
        assertThat(await(migrator.ensureMigrated(key,
                Trigger.REQUEST))).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        Northwind.run(legacy, "DELETE FROM fault WHERE user_key = '" + key + "'");
    }

    private boolean markedInLegacy(String key) {
        return rows(legacy, "SELECT migrated_at FROM customers WHERE customer_id = '" + key + "'").get(0)
                .get("migrated_at") != null;
    }
}
