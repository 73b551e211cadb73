package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.RollbackStep;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.PlanChecks.PlanCheck;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 15: {@code strangler check} prepares the rollback's steps and {@code uncleaned} too, not only the forward. */
@ExtendWith(PostgresExtension.class)
class PlanCheckerTest {

    @Test
    void check_preparesRollbackFetchesAndAppliesAndUncleaned(@Postgres("legacy") TestDatabase legacy,
                                                            @Postgres("modern") TestDatabase modern)
            throws Exception {
        Northwind.createSchemas(legacy, modern);
        MigrationPlan northwind = Northwind.plan(legacy, modern);
        MigrationPlan plan = new MigrationPlan(northwind.legacy(), northwind.modern(), northwind.timeout(),
                northwind.retryAfter(), northwind.users(), northwind.entities(), northwind.cleaned(),
                List.of(RollbackTest.STEPS.get(0),
                        new RollbackStep("SELECT id, no_such_column FROM customer WHERE id = $1",
                                "UPDATE customers SET contact_name = :id WHERE customer_id = :id"),
                        new RollbackStep("SELECT id FROM customer WHERE id = $1",
                                "UPDATE no_such_table SET x = :id")),
                "UPDATE customers SET no_such_mark = NULL WHERE customer_id = $1", northwind.version());
        Vertx vertx = Vertx.vertx();
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        try {
            PlanCheck check = await(migrator.check());

            assertThat(check.unreachable()).isEmpty();
            assertThat(check.problems()).hasSize(3);
            assertThat(check.problems()).anySatisfy(p -> assertThat(p).contains("migration.rollback[1].fetch: ")
                    .contains("no_such_column"));
            assertThat(check.problems()).anySatisfy(p -> assertThat(p).contains("migration.rollback[2].apply: ")
                    .contains("no_such_table"));
            assertThat(check.problems()).anySatisfy(p -> assertThat(p).contains("migration.uncleaned: ")
                    .contains("no_such_mark"));
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    @Test
    void check_preparesEachUserKeyDeclaration_namingFileLineAndKey(@Postgres("legacy2") TestDatabase legacy,
                                                                   @Postgres("modern2") TestDatabase modern)
            throws Exception {
        Northwind.createSchemas(legacy, modern);
        String text = Files.readString(Path.of(PlanCheckerTest.class.getResource("/northwind/plan.yaml").toURI()))
                .replace("        quantity = EXCLUDED.quantity\n", "        quantity = EXCLUDED.quantity\n"
                        + "      userKey:\n"
                        + "        orders: no_such_column\n"
                        + "        order_details: \"SELECT customer_id FROM orders WHERE order_id = :no_such_param\"\n"
                        + "        products: \"SELECT customer_id FROM orders WHERE order_id = :order_id\"\n"
                        + "        customers: customer_id\n")
                + "  rollback:\n"
                + "    - fetch: \"SELECT l.* FROM order_line l JOIN customer_order o ON o.id = l.order_id"
                + " WHERE o.customer_id = $1\"\n"
                + "      apply: \"UPDATE order_details SET quantity = :quantity WHERE order_id = :order_id\"\n"
                + "      userKey:\n"
                + "        order_line: no_modern_column\n";
        MigrationPlan plan = ConfigLoader.parseMigrationPlan("plan.yaml", text, Map.of("LEGACY_URL", legacy.uri(),
                "MODERN_URL", modern.uri())).orElseThrow();
        int line = (int) text.substring(0, text.indexOf("        orders: no_such_column")).lines().count() + 1;
        Vertx vertx = Vertx.vertx();
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        try {
            PlanCheck check = await(migrator.check());

            assertThat(check.problems()).hasSize(4);
            assertThat(check.problems()).anySatisfy(p -> assertThat(p)
                    .startsWith("plan.yaml:" + line + ":17: migration.entities[2].userKey.orders: ")
                    .contains("no_such_column"));
            assertThat(check.problems()).anySatisfy(p -> assertThat(p)
                    .startsWith("plan.yaml:" + (line + 1) + ":24: migration.entities[2].userKey.order_details: ")
                    .contains("no_such_param"));
            assertThat(check.problems()).anySatisfy(p -> assertThat(p)
                    .contains("migration.entities[2].userKey.products: ").contains("products"));
            assertThat(check.problems()).as("a rollback step's declaration is prepared on modern").anySatisfy(p ->
                    assertThat(p).contains("migration.rollback[0].userKey.order_line: ").contains("no_modern_column"));
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }
}
