package dev.strangler.migrator.verify;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Verification.UserVerification;
import dev.strangler.migrator.engine.Northwind;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Verify says what differs when a whole order is missing on one side. An order legacy has and modern lacks was
 * reported as "could not verify" with its lines' foreign-key error (each entity's upsert was undone before the
 * next one ran, so the lines found no order); an order modern has and legacy lost is named in the drift note.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyMissingRowsTest {

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
        migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        for (String user : List.of("ALFKI", "BERGS")) {
            assertThat(await(migrator.engine().ensureMigrated(user, Trigger.REQUEST)))
                    .isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        }
    }

    @AfterAll
    void stop() {
        migrator.close();
        await(vertx.close());
    }

    @Test
    void orderMissingInModern_isReportedMissing_notAsItsLinesForeignKeyError() {
        Northwind.run(modern, "DELETE FROM order_line WHERE order_id = 10278;"
                + " DELETE FROM customer_order WHERE id = 10278");

        UserVerification result = await(migrator.verification().verify("BERGS"));

        assertThat(result.problems()).as(result.toText()).isEmpty();
        assertThat(result.entities().get(1).differences()).containsExactly("customer_order 10278: missing in modern");
        assertThat(result.entities().get(2).differences()).containsExactly("order_line 10278/44: missing in modern");
        assertThat(result.toText()).contains("BERGS: DIFFERENT");
    }

    @Test
    void orderMissingInLegacy_isNamedInTheDriftNote() {
        Northwind.run(legacy, "DELETE FROM order_details WHERE order_id = 10702;"
                + " DELETE FROM orders WHERE order_id = 10702");

        UserVerification result = await(migrator.verification().verify("ALFKI"));

        assertThat(result.clean()).as("modern holds the order; nothing was lost").isTrue();
        assertThat(result.notes()).as(result.toText()).anySatisfy(note -> assertThat(note).contains(
                "customer_order 10702: in the ledger's target and missing in legacy now",
                "order_line 10702/3: in the ledger's target and missing in legacy now"));
    }
}
