package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.config.RollbackStep;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Reports.PlanCheck;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.util.List;
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
}
