package dev.strangler.demo.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.EntityPlan;
import dev.strangler.config.ExpressionException;
import dev.strangler.config.LoadResult;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.ValidationRule;
import dev.strangler.demo.DatabaseAddress;
import dev.strangler.demo.generator.DefectRates;
import dev.strangler.demo.generator.MessyDataGenerator;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Northwind plan over a generated legacy database: its statements still prepare on the grown schema, and its
 * rules catch the defects the generator puts in, which is what an audit of such a database must show.
 */
@ExtendWith(PostgresExtension.class)
class PlanOnGeneratedDataTest {

    @Test
    void rules_catchTheGeneratedDefects(@Postgres("legacy") TestDatabase legacy,
                                        @Postgres("modern") TestDatabase modern) throws Exception {
        new MessyDataGenerator(legacy::connect, Clock.systemUTC()).generate(1_000, 11, DefectRates.uniform(0.05),
                done -> { });
        MigrationPlan plan = plan(legacy, modern);
        Map<String, Integer> violations = new TreeMap<>();
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = new DatabaseAddress(legacy.host(), legacy.port(), legacy.database(), legacy.user(),
                    legacy.password()).pool(vertx, 2);
            for (Row user : pool.query(plan.users()).execute().await()) {
                for (EntityPlan entity : plan.entities()) {
                    for (Row row : pool.preparedQuery(entity.fetch()).execute(Tuple.of(user.getString(0))).await()) {
                        Map<String, Object> values = new HashMap<>();
                        for (int i = 0; i < row.size(); i++) {
                            values.put(row.getColumnName(i), row.getValue(i));
                        }
                        for (ValidationRule rule : entity.validate()) {
                            if (!passes(rule, values)) {
                                violations.merge(entity.name() + "." + rule.field(), 1, Integer::sum);
                            }
                        }
                    }
                }
            }
        } finally {
            vertx.close().await();
        }

        assertThat(violations).containsKeys("customer.company_name", "customer.customer_since", "contact.phone",
                "contact.email", "contact.contact_name");
        assertThat(violations.get("customer.customer_since")).isBetween(20, 90);
    }

    private static MigrationPlan plan(TestDatabase legacy, TestDatabase modern) throws Exception {
        try (InputStream in = PlanOnGeneratedDataTest.class.getClassLoader()
                .getResourceAsStream("northwind-plan.yaml")) {
            LoadResult<MigrationPlan> loaded = ConfigLoader.parseMigrationPlan("northwind-plan.yaml",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Map.of("LEGACY_DB_URL", legacy.uri(), "MODERN_DB_URL", modern.uri()));
            return ((LoadResult.Valid<MigrationPlan>) loaded).value();
        }
    }

    private static boolean passes(ValidationRule rule, Map<String, Object> row) {
        try {
            return rule.rule().test(row);
        } catch (ExpressionException e) {
            return false;
        }
    }
}
