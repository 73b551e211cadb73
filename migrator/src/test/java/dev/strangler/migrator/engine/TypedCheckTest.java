package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.PlanChecks.PlanCheck;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15: {@code strangler check} type-checks the plan's expressions against the columns the legacy fetch
 * returns and the upsert parameters against the modern column types, each problem with file, line and column.
 */
@ExtendWith(PostgresExtension.class)
class TypedCheckTest {

    private static final String LEGACY = """
            DROP TABLE IF EXISTS shop_customer, shop_order;
            CREATE TABLE shop_customer (id integer PRIMARY KEY, name varchar(40) NOT NULL, since date);
            CREATE TABLE shop_order (id integer PRIMARY KEY, customer_id integer, total numeric(10,2),
                                     weight real, note varchar(80));
            INSERT INTO shop_customer VALUES (1, 'Ada', '2020-01-02'), (2, 'Bob', NULL);
            INSERT INTO shop_order VALUES (10, 1, 19.99, 1.5, 'first'), (11, 2, 0.01, 2, NULL);
            """;
    private static final String MODERN = """
            DROP TABLE IF EXISTS customer, purchase;
            CREATE TABLE customer (id bigint PRIMARY KEY, name varchar(24) NOT NULL, since date);
            CREATE TABLE purchase (id bigint PRIMARY KEY, customer_id bigint, total_cents bigint,
                                   weight double precision, placed date);
            """;

    @Test
    void check_wellTypedPlan_passes(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern)
            throws Exception {
        PlanCheck check = check(legacy, modern, "total_cents: row.total * 100", "weight: row.weight", "");

        assertThat(check.problems()).isEmpty();
        assertThat(check.unreachable()).isEmpty();
    }

    @Test
    void check_doubleArithmeticOnADecimal_isRefusedWithItsLine(@Postgres("legacy") TestDatabase legacy,
                                                               @Postgres("modern") TestDatabase modern)
            throws Exception {
        String total = "total_cents: int(row.total * 100.0)";
        PlanCheck check = check(legacy, modern, total, "weight: row.weight", "");

        assertThat(check.problems()).singleElement().satisfies(problem -> assertThat(problem)
                .startsWith(at(total, "weight: row.weight", "", "row.total * 100.0", 10)
                        + "migration.entities[1].map.total_cents: ")
                .contains("decimal and a double cannot be exact"));
    }

    @Test
    void check_unknownColumnAndWrongRuleType_areRefusedWithTheirLines(@Postgres("legacy") TestDatabase legacy,
                                                                      @Postgres("modern") TestDatabase modern)
            throws Exception {
        String total = "total_cents: row.totl * 100";
        String rule = "- { rule: 'row.note', message: note }";
        PlanCheck check = check(legacy, modern, total, "weight: row.weight", rule);

        assertThat(check.problems()).hasSize(2);
        assertThat(check.problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith(at(total, "weight: row.weight", rule, "'row.note'", 0)
                        + "migration.entities[1].validate[1].rule: yields a string"));
        assertThat(check.problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith(at(total, "weight: row.weight", rule, "row.totl", 3)
                        + "migration.entities[1].map.total_cents: ")
                .contains("undefined field 'totl'"));
    }

    @Test
    void check_mapValueTheParameterCannotTake_isRefusedAtTheParameter(@Postgres("legacy") TestDatabase legacy,
                                                                      @Postgres("modern") TestDatabase modern)
            throws Exception {
        PlanCheck check = check(legacy, modern, "total_cents: row.total * 100", "weight: row.weight", "",
                "placed: row.total");

        assertThat(check.problems()).singleElement().satisfies(problem -> assertThat(problem)
                .startsWith(at("total_cents: row.total * 100", "weight: row.weight", "", ":placed)", 0)
                        + "migration.entities[1].upsert: :placed: a decimal cannot be bound to a date parameter"));
    }

    @Test
    void check_mapFieldNoParameterUses_isRefused(@Postgres("legacy") TestDatabase legacy,
                                                 @Postgres("modern") TestDatabase modern) throws Exception {
        String weight = "weight: row.weight\n        wieght: row.weight";
        PlanCheck check = check(legacy, modern, "total_cents: row.total * 100", weight, "");

        assertThat(check.problems()).singleElement().satisfies(problem -> assertThat(problem)
                .startsWith(at("total_cents: row.total * 100", weight, "", "wieght: ", 8)
                        + "migration.entities[1].map.wieght: wieght is not a parameter"));
    }

    @Test
    void check_legacyNotAnswering_saysTheExpressionsWereNotTypeChecked(@Postgres("modern") TestDatabase modern)
            throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        TestDatabase nowhere = new TestDatabase("127.0.0.1", closed, "nowhere", "nobody", "none");
        PlanCheck check = check(nowhere, modern, "total_cents: row.totl * 100.0", "weight: row.weight", "");

        assertThat(check.unreachable()).anySatisfy(line -> assertThat(line)
                .contains("not type-checked against the fetch columns: legacy did not answer"));
        assertThat(check.problems()).noneSatisfy(problem -> assertThat(problem).contains("totl"));
    }

    static String plan(String totalCents, String weight, String rule) {
        return plan(totalCents, weight, rule, "placed: 'null'");
    }

    /** {@code file:line:column} of {@code marker}'s last line in the plan, plus {@code offset} columns. */
    private static String at(String totalCents, String weight, String rule, String marker, int offset) {
        String[] lines = plan(totalCents, weight, rule).split("\n", -1);
        for (int i = lines.length - 1; i >= 0; i--) {
            int column = lines[i].indexOf(marker);
            if (column >= 0) {
                return "plan.yaml:" + (i + 1) + ":" + (column + 1 + offset) + ": ";
            }
        }
        throw new AssertionError(marker + " is not in the plan");
    }

    static String plan(String totalCents, String weight, String rule, String placed) {
        return """
                migration:
                  legacy: "${LEGACY_URL}"
                  modern: "${MODERN_URL}"
                  users: "SELECT id FROM shop_customer ORDER BY id"
                  entities:
                    - name: customer
                      fetch: "SELECT id, name, since FROM shop_customer WHERE id = $1"
                      validate:
                        - { rule: 'row.name.size() > 0', message: "name is empty" }
                      map:
                        id: row.id
                        name: row.name
                        since: row.since
                      upsert: >
                        INSERT INTO customer (id, name, since) VALUES (:id, :name, :since)
                        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name
                    - name: orders
                      cardinality: many
                      fetch: >
                        SELECT id, customer_id, total, weight, note FROM shop_order
                        WHERE customer_id = $1 ORDER BY id
                      validate:
                        - { rule: 'row.total >= 0', message: "negative total" }
                        RULE
                      map:
                        id: row.id
                        customer_id: row.customer_id
                        TOTAL
                        WEIGHT
                        PLACED
                      upsert: >
                        INSERT INTO purchase (id, customer_id, total_cents, weight, placed)
                        VALUES (:id, :customer_id, :total_cents, :weight, :placed)
                        ON CONFLICT (id) DO UPDATE SET total_cents = EXCLUDED.total_cents
                """.replace("RULE", rule).replace("TOTAL", totalCents).replace("WEIGHT", weight)
                .replace("PLACED", placed);
    }

    private static PlanCheck check(TestDatabase legacy, TestDatabase modern, String totalCents, String weight,
                                   String rule) throws Exception {
        return check(legacy, modern, totalCents, weight, rule, "placed: 'null'");
    }

    private static PlanCheck check(TestDatabase legacy, TestDatabase modern, String totalCents, String weight,
                                   String rule, String placed) throws Exception {
        if (!"nowhere".equals(legacy.database())) {
            legacy.execute(LEGACY);
        }
        modern.execute(MODERN);
        String yaml = plan(totalCents, weight, rule, placed);
        MigrationPlan plan = ConfigLoader.parseMigrationPlan("plan.yaml", yaml,
                Map.of("LEGACY_URL", legacy.uri(), "MODERN_URL", modern.uri())).orElseThrow();
        Vertx vertx = Vertx.vertx();
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        try {
            return await(migrator.check());
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }
}
