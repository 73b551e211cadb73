package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.PlanChecks.PlanCheck;
import dev.strangler.testkit.MariaDb;
import dev.strangler.testkit.MariaDbDatabase;
import dev.strangler.testkit.MariaDbExtension;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15: {@code strangler check} type-checks a plan's expressions against the columns a MariaDB legacy describes
 * as it does on PostgreSQL: the MySQL Northwind plan is clean, and {@code row.freight * 100.0} on a
 * {@code DECIMAL(10,2)} is refused at its line.
 */
@ExtendWith({MariaDbExtension.class, PostgresExtension.class})
class MySqlTypedCheckTest {

    @Test
    void check_decimalTimesDoubleOnAMariaDbDecimal_isRefusedAtItsLine(@MariaDb("typed") MariaDbDatabase legacy,
                                                                       @Postgres("typed") TestDatabase modern)
            throws Exception {
        legacy.execute(resource("northwind/legacy-mysql.sql"));
        run(modern, resource("northwind/modern.sql"));
        run(modern, "ALTER TABLE customer_order ADD COLUMN freight_cents bigint");
        Map<String, String> environment = Map.of("LEGACY_URL", legacy.uri(), "MODERN_URL", modern.uri());
        String yaml = resource("northwind/plan-mysql.yaml");
        Vertx vertx = Vertx.vertx();
        try {
            PlanCheck clean = check(vertx, ConfigLoader.parseMigrationPlan("plan-mysql.yaml", yaml, environment)
                    .orElseThrow());
            PlanCheck doubled = check(vertx, ConfigLoader.parseMigrationPlan("plan-mysql.yaml",
                    yaml.replace("freight_cents: row.freight * 100", "freight_cents: row.freight * 100.0"),
                    environment).orElseThrow());

            assertThat(clean.problems()).isEmpty();
            assertThat(clean.unreachable()).isEmpty();
            assertThat(doubled.problems()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("plan-mysql.yaml:" + lineOf(yaml, "freight_cents: row.freight") + ":")
                    .contains("migration.entities[1].map.freight_cents: arithmetic between a decimal and a double"));
        } finally {
            await(vertx.close());
        }
    }

    private static PlanCheck check(Vertx vertx, MigrationPlan plan) {
        Migrator checker = Migrator.create(vertx, plan, MigratorSettings.defaults(plan));
        try {
            return await(checker.check());
        } finally {
            checker.close();
        }
    }

    private static int lineOf(String text, String marker) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MySqlTypedCheckTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
