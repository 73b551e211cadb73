package dev.strangler.demo.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.EntityPlan;
import dev.strangler.config.ExpressionException;
import dev.strangler.config.LoadResult;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.NamedStatement;
import dev.strangler.config.RollbackStep;
import dev.strangler.config.ValidationRule;
import dev.strangler.demo.DatabaseAddress;
import dev.strangler.demo.legacy.NorthwindDatabase;
import dev.strangler.demo.modern.ModernDatabase;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Northwind plan against the real schemas and data: it parses, every statement prepares on the database it
 * runs on, its rules reject exactly the customers whose data is really defective, and its maps and upserts carry
 * every valid customer into the modern schema and back.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NorthwindPlanTest {

    private static final String PLAN = "northwind-plan.yaml";

    private final Vertx vertx = Vertx.vertx();
    private MigrationPlan plan;
    private Pool legacy;
    private Pool modern;

    @BeforeAll
    void setUp(@Postgres("legacy") TestDatabase legacyDb, @Postgres("modern") TestDatabase modernDb) throws Exception {
        try (Connection connection = legacyDb.connect()) {
            NorthwindDatabase.load(connection);
        }
        try (Connection connection = modernDb.connect()) {
            ModernDatabase.create(connection);
        }
        LoadResult<MigrationPlan> loaded = ConfigLoader.parseMigrationPlan(PLAN, planText(),
                Map.of("LEGACY_DB_URL", legacyDb.uri(), "MODERN_DB_URL", modernDb.uri()));
        assertThat(loaded).as("%s", loaded).isInstanceOf(LoadResult.Valid.class);
        plan = ((LoadResult.Valid<MigrationPlan>) loaded).value();
        legacy = address(legacyDb).pool(vertx, 2);
        modern = address(modernDb).pool(vertx, 2);
    }

    @AfterAll
    void tearDown() {
        vertx.close().await();
    }

    @Test
    void planFile_isYamlWithOnlyAMigrationSection() throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(planText());

        assertThat(root.fieldNames()).toIterable().containsExactly("migration");
        assertThat(root.get("migration").get("legacy").asText()).isEqualTo("${LEGACY_DB_URL}");
        assertThat(root.get("migration").get("modern").asText()).isEqualTo("${MODERN_DB_URL}");
        assertThat(plan.entities()).extracting(EntityPlan::name)
                .containsExactly("customer", "contact", "address", "orders", "order_lines");
    }

    @Test
    void everyStatement_preparesAgainstItsSchema() {
        List<String> onLegacy = new ArrayList<>(List.of(plan.users(), plan.cleaned(), plan.uncleaned()));
        List<String> onModern = new ArrayList<>();
        for (EntityPlan entity : plan.entities()) {
            onLegacy.add(entity.fetch());
            onModern.add(NamedStatement.parse(entity.upsert()).sql());
        }
        for (RollbackStep step : plan.rollback()) {
            onModern.add(step.fetch());
            onLegacy.add(NamedStatement.parse(step.apply()).sql());
        }

        assertThat(prepareAll(legacy, onLegacy)).as("statements that do not prepare on legacy").isEmpty();
        assertThat(prepareAll(modern, onModern)).as("statements that do not prepare on modern").isEmpty();
        assertThat(onLegacy).hasSize(3 + 5 + 3);
        assertThat(onModern).hasSize(5 + 3);
    }

    @Test
    void rules_rejectExactlyTheCustomersWithDefectiveData() {
        Map<String, Set<String>> failures = new TreeMap<>();
        for (String customer : users()) {
            for (EntityPlan entity : plan.entities()) {
                for (Map<String, Object> row : fetch(legacy, entity.fetch(), customer)) {
                    for (ValidationRule rule : entity.validate()) {
                        if (!passes(rule, row)) {
                            failures.computeIfAbsent(customer, key -> new TreeSet<>())
                                    .add(entity.name() + "." + rule.field());
                        }
                    }
                }
            }
        }

        assertThat(failures).isEqualTo(Map.of(
                "HUNGO", Set.of("address.postal_code", "contact.phone", "orders.ship_postal_code"),
                "LINOD", Set.of("contact.phone"),
                "MEREP", Set.of("address.region", "orders.ship_region")));
    }

    @Test
    void mapsAndUpserts_carryEveryValidCustomerToModernAndRollbackCarriesThemBack() {
        List<String> valid = users().stream().filter(id -> !Set.of("HUNGO", "LINOD", "MEREP").contains(id)).toList();
        for (String customer : valid) {
            List<Map.Entry<String, Map<String, Object>>> upserts = new ArrayList<>();
            for (EntityPlan entity : plan.entities()) {
                for (Map<String, Object> row : fetch(legacy, entity.fetch(), customer)) {
                    Map<String, Object> target = new HashMap<>();
                    entity.map().forEach((field, expression) -> target.put(field, expression.evaluate(row)));
                    upserts.add(Map.entry(entity.upsert(), target));
                }
            }
            inTransaction(modern, upserts);
        }

        assertThat(count(modern, "SELECT count(*) FROM customer")).isEqualTo(88);
        assertThat(count(modern, "SELECT count(*) FROM customer_order"))
                .isEqualTo(count(legacy, "SELECT count(*) FROM orders WHERE customer_id NOT IN "
                        + "('HUNGO', 'LINOD', 'MEREP')"));
        assertThat(count(modern, "SELECT count(*) FROM order_line"))
                .isEqualTo(count(legacy, "SELECT count(*) FROM order_details d JOIN orders o USING (order_id) "
                        + "WHERE o.customer_id NOT IN ('HUNGO', 'LINOD', 'MEREP')"));
        assertThat(count(modern, "SELECT count(*) FROM contact WHERE name = 'Maria Anders'")).isEqualTo(1);

        modern.query("UPDATE contact SET phone = '+49 30 0074321' WHERE customer_id = 'ALFKI'").execute().await();
        List<Map.Entry<String, Map<String, Object>>> applies = new ArrayList<>();
        for (RollbackStep step : plan.rollback()) {
            fetch(modern, step.fetch(), "ALFKI").forEach(row -> applies.add(Map.entry(step.apply(), row)));
        }
        inTransaction(legacy, applies);
        assertThat(count(legacy, "SELECT count(*) FROM customers WHERE customer_id = 'ALFKI' "
                + "AND phone = '+49 30 0074321' AND company_name = 'Alfreds Futterkiste'")).isEqualTo(1);
        assertThat(count(legacy, "SELECT count(*) FROM orders WHERE customer_id = 'ALFKI'")).isEqualTo(6);
    }

    /** Runs named statements with their values in one transaction, as the migrator does for one user. */
    private static void inTransaction(Pool pool, List<Map.Entry<String, Map<String, Object>>> statements) {
        pool.withTransaction(connection -> {
            io.vertx.core.Future<Void> chain = io.vertx.core.Future.succeededFuture();
            for (Map.Entry<String, Map<String, Object>> each : statements) {
                chain = chain.compose(done -> execute(connection, each.getKey(), each.getValue()));
            }
            return chain;
        }).await();
    }

    private static boolean passes(ValidationRule rule, Map<String, Object> row) {
        try {
            return rule.rule().test(row);
        } catch (ExpressionException e) {
            return false;
        }
    }

    private List<String> users() {
        List<String> users = new ArrayList<>();
        legacy.query(plan.users()).execute().await().forEach(row -> users.add(row.getString(0)));
        return users;
    }

    private static List<Map<String, Object>> fetch(Pool pool, String sql, String key) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : pool.preparedQuery(sql).execute(Tuple.of(key)).await()) {
            Map<String, Object> values = new HashMap<>();
            for (int i = 0; i < row.size(); i++) {
                values.put(row.getColumnName(i), row.getValue(i));
            }
            rows.add(values);
        }
        return rows;
    }

    private static io.vertx.core.Future<Void> execute(SqlConnection connection, String named,
                                                       Map<String, Object> values) {
        NamedStatement statement = NamedStatement.parse(named);
        Tuple tuple = Tuple.tuple();
        statement.parameters().forEach(name -> tuple.addValue(values.get(name)));
        return connection.preparedQuery(statement.sql()).execute(tuple).mapEmpty();
    }

    private static long count(Pool pool, String sql) {
        return pool.query(sql).execute().await().iterator().next().getLong(0);
    }

    private static List<String> prepareAll(Pool pool, List<String> statements) {
        List<String> failed = new ArrayList<>();
        SqlConnection connection = pool.getConnection().await();
        try {
            for (String sql : statements) {
                try {
                    connection.prepare(sql).await().close().await();
                } catch (RuntimeException e) {
                    failed.add(sql + " -> " + e.getMessage());
                }
            }
        } finally {
            connection.close().await();
        }
        return failed;
    }

    private static String planText() throws IOException {
        try (InputStream in = NorthwindPlanTest.class.getClassLoader().getResourceAsStream(PLAN)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static DatabaseAddress address(TestDatabase database) {
        return new DatabaseAddress(database.host(), database.port(), database.database(), database.user(),
                database.password());
    }
}
