package dev.strangler.migrator.verify;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Verification.EntityCheck;
import dev.strangler.migrator.Verification.UserVerification;
import dev.strangler.migrator.Verification.VerifyReport;
import dev.strangler.migrator.engine.Northwind;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyTest {

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
        for (String user : List.of("ALFKI", "ANATR", "AROUT", "BERGS")) {
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
    void cleanMigration_verifiesClean() {
        UserVerification result = await(migrator.verification().verify("BERGS"));

        assertThat(result.clean()).as(result.toText()).isTrue();
        assertThat(result.notes()).isEmpty();
        assertThat(result.entities()).extracting(EntityCheck::entity)
                .containsExactly("customer", "orders", "order_lines");
        assertThat(result.entities()).extracting(EntityCheck::expectedRows).containsExactly(1, 1, 1);
        assertThat(result.entities()).allSatisfy(check ->
                assertThat(check.foundChecksum()).isEqualTo(check.expectedChecksum()));
    }

    @Test
    void corruptedModernRow_isReportedWithItsField() {
        Northwind.run(modern, "UPDATE customer_order SET freight = 99.99 WHERE id = 10692");

        UserVerification result = await(migrator.verification().verify("ALFKI"));

        assertThat(result.clean()).isFalse();
        EntityCheck orders = result.entities().get(1);
        assertThat(orders.foundRows()).isEqualTo(3);
        assertThat(orders.foundChecksum()).isNotEqualTo(orders.expectedChecksum());
        assertThat(orders.differences()).containsExactly(
                "customer_order 10692: freight is 99.99 in modern, expected 61.02");
        assertThat(result.toJson().getJsonArray("entities").getJsonObject(1).getBoolean("clean")).isFalse();
    }

    @Test
    void deletedModernRow_isReportedMissing() {
        Northwind.run(modern, "DELETE FROM order_line WHERE order_id = 10308 AND product_id = 69");

        UserVerification result = await(migrator.verification().verify("ANATR"));

        EntityCheck lines = result.entities().get(2);
        assertThat(lines.expectedRows()).isEqualTo(2);
        assertThat(lines.foundRows()).isEqualTo(1);
        assertThat(lines.differences()).containsExactly("order_line 10308/69: missing in modern");
        assertThat(result.toText()).contains("ANATR: DIFFERENT", "order_lines: 1 of 2 rows found");
    }

    @Test
    void orderPlacedInModern_isNotADifference() {
        Northwind.run(modern, "INSERT INTO customer_order VALUES (20600, 'AROUT', '2026-01-01', 5.00)");

        assertThat(await(migrator.verification().verify("AROUT")).clean()).isTrue();
    }

    /**
     * Issue 12, window 11: verify noted drift for nearly every migrated user although neither legacy nor the plan
     * had changed. ALFKI has a real unit price (45.6) that the ledger's jsonb gives back as a double, and is
     * cleaned in legacy.
     */
    @Test
    void untouchedUserWithRealPricesAndCleanedMark_hasNoDriftNote() {
        UserVerification result = await(migrator.verification().verify("ALFKI"));

        assertThat(result.clean()).as(result.toText()).isTrue();
        assertThat(result.notes()).as(result.toText()).isEmpty();
    }

    @Test
    void legacyChangedAfterMigration_isNotedAndDiffers() {
        Northwind.run(legacy, "UPDATE customers SET contact_name = 'Changed In Legacy' WHERE customer_id = 'BERGS'");
        try {
            UserVerification result = await(migrator.verification().verify("BERGS"));

            assertThat(result.notes()).singleElement().asString().contains("differs from the ledger's target");
            assertThat(result.entities().get(0).differences()).containsExactly(
                    "customer BERGS: contact is \"Christina Berglund\" in modern, expected \"Changed In Legacy\"");
        } finally {
            Northwind.run(legacy, "UPDATE customers SET contact_name = 'Christina Berglund'"
                    + " WHERE customer_id = 'BERGS'");
        }
    }

    @Test
    void run_overEveryMigratedUser_reportsTheDifferentOnes() {
        VerifyReport report = await(migrator.verification().run(null, 0, new Random(7)));

        JsonObject json = report.toJson();
        assertThat(json.getInteger("users")).isEqualTo(4);
        assertThat(report.toText()).endsWith("4 users verified, " + report.different().size() + " with differences");
        assertThat(report.different()).extracting(UserVerification::userKey).doesNotContain("AROUT");
    }
}
