package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An extension found with ServiceLoader replaces a step of one entity. */
@ExtendWith(PostgresExtension.class)
class ExtensionTest {

    @Test
    void extensionOnClassPath_replacesCustomerValidatorAndTransformer(@Postgres("legacy") TestDatabase legacy,
                                                                      @Postgres("modern") TestDatabase modern)
            throws Exception {
        Northwind.createSchemas(legacy, modern);
        Northwind.run(legacy, "INSERT INTO customers VALUES ('ATLAN', 'Atlantis', 'Poseidon', 'Atlantis', NULL)");
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        MigratorSettings settings = MigratorSettings.defaults(plan);
        try (Migrator migrator = Northwind.start(vertx, plan, settings)) {
            MigrationEngine.Outcome known = await(migrator.ensureMigrated("ALFKI", Trigger.REQUEST));
            MigrationEngine.Outcome unknown = await(migrator.ensureMigrated("ATLAN", Trigger.REQUEST));

            assertThat(settings.extensions()).hasAtLeastOneElementOfType(CountryCodeExtension.class);
            assertThat(known).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            assertThat(rows(modern, "SELECT country FROM customer WHERE id = 'ALFKI'"))
                    .containsExactly(Map.of("country", "DE"));
            assertThat(unknown).isInstanceOfSatisfying(MigrationEngine.Outcome.Invalid.class, invalid ->
                    assertThat(invalid.violations()).extracting("rule", "message")
                            .containsExactly(org.assertj.core.groups.Tuple.tuple("CountryCodeExtension",
                                    "no ISO code for Atlantis")));
        } finally {
            await(vertx.close());
        }
    }
}
