package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Rollbacks;
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
 * A rollback of a user in transition (migrated, cleaned mark owed): legacy may hold writes made after the migration
 * read it that only the mark's catch-up brings into modern, so copying modern back first would erase them. The
 * rollback writes the owed mark first, and refuses when it cannot.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwedMarkRollbackTest {

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
        MigrationPlan plan = RollbackTest.withRollback(Northwind.plan(legacy, modern), RollbackTest.STEPS);
        migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("owed-rollback")
                .withCleanedRepairEvery(Duration.ofHours(1)).withExtensions(List.of()));
    }

    @AfterAll
    void stop() {
        migrator.close();
        await(vertx.close());
    }

    @Test
    void seed34_rollbackOfAUserWhoseMarkIsOwed_catchesUpFirst_soALegacyWriteMadeMeanwhileSurvives() {
        migratedWithMarkOwed("ALFKI");
        Northwind.run(legacy, "UPDATE customers SET contact_name = 'Written Meanwhile' WHERE customer_id = 'ALFKI'");
        Northwind.run(legacy, "DELETE FROM fault WHERE user_key = 'ALFKI'");

        Rollbacks.Outcome outcome = await(migrator.rollback("ALFKI", Trigger.ADMIN));

        assertThat(outcome).as(outcome.detail()).isInstanceOf(Rollbacks.Outcome.RolledBack.class);
        assertThat(rows(legacy, "SELECT contact_name FROM customers WHERE customer_id = 'ALFKI'"))
                .containsExactly(Map.of("contact_name", "Written Meanwhile"));
        assertThat(rows(modern, "SELECT outcome FROM strangler.ledger WHERE user_key = 'ALFKI' ORDER BY id"))
                .extracting(row -> row.get("outcome")).containsExactly("MIGRATED", "CATCH_UP", "ROLLED_BACK");
    }

    @Test
    void rollbackOfAUserWhoseOwedMarkCannotBeWritten_isRefused_andCopiesNothing() {
        migratedWithMarkOwed("ANATR");
        Northwind.run(legacy, "UPDATE customers SET contact_name = 'Written Meanwhile' WHERE customer_id = 'ANATR'");

        Rollbacks.Outcome outcome = await(migrator.rollback("ANATR", Trigger.ADMIN));

        assertThat(outcome).isInstanceOf(Rollbacks.Outcome.NotRolledBack.class);
        assertThat(outcome.detail()).contains("cleaned mark of ANATR's migration is still owed");
        assertThat(rows(modern, "SELECT state, cleaned_pending FROM strangler.user_state WHERE user_key = 'ANATR'"))
                .containsExactly(Map.of("state", "MIGRATED", "cleaned_pending", true));
        assertThat(rows(legacy, "SELECT contact_name FROM customers WHERE customer_id = 'ANATR'"))
                .containsExactly(Map.of("contact_name", "Written Meanwhile"));
    }

    /** Migrated with the first mark refused (a fault that stays until the test removes it). */
    private void migratedWithMarkOwed(String key) {
        Northwind.run(legacy, "INSERT INTO fault VALUES ('refuse', '" + key + "', 0)");
        assertThat(await(migrator.ensureMigrated(key,
                Trigger.REQUEST))).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
    }
}
