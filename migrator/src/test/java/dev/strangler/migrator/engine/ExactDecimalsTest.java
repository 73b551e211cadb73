package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.rows;
import static dev.strangler.migrator.engine.Northwind.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.migrator.Verification.UserVerification;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, exact values: numeric(10,2), numeric(38,10), money and real columns migrate, verify and roll back
 * exactly, {@code row.total * 100} computes cents without a double in between, and a fraction bound to an integer
 * column makes the user invalid instead of failing or rounding. The user key is an integer column throughout, so the
 * rollback's fetch and uncleaned statements bind it as one. A {@code real} read into a {@code double precision}
 * column keeps the value legacy shows (19.99, not the float's binary expansion 19.989999771118164).
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactDecimalsTest {

    private static final String LEGACY = """
            CREATE TABLE invoices (id int PRIMARY KEY, customer int NOT NULL, total numeric(10,2) NOT NULL,
              precise numeric(38,10) NOT NULL, price money NOT NULL, weight real NOT NULL, migrated_at timestamptz);
            INSERT INTO invoices VALUES
              (1, 1, 19.99, 0.0000000001, 19.99, 19.99),
              (2, 1, 0.01, 1234567890123456789012345678.0123456789, 0.01, 0.01),
              (3, 2, 99999999.99, 0.1, 99999999.99, 1e-10),
              (4, 3, 99999999.99, 0.0000000001, 0.01, 19.99),
              (5, 4, 20.00, 1, 20.00, 1);""";

    private static final String MODERN = """
            CREATE TABLE invoice (id int PRIMARY KEY, customer int NOT NULL, total numeric(10,2),
              total_cents bigint, precise numeric(38,10), price money, price_cents bigint, weight real,
              weight_wide double precision);
            CREATE TABLE invoice_whole (id int PRIMARY KEY, amount integer);""";

    private static final String PLAN = """
            migration:
              legacy: "%s"
              modern: "%s"
              users: "SELECT DISTINCT customer FROM invoices ORDER BY 1"
              entities:
                - name: invoice
                  cardinality: many
                  key: id
                  fetch: "SELECT id, customer, total, precise, price, weight FROM invoices WHERE customer = $1"
                  validate:
                    - { rule: 'row.total * 100 >= 1', message: "less than a cent", field: total }
                  map:
                    id: row.id
                    customer: row.customer
                    total: row.total
                    total_cents: row.total * 100
                    precise: row.precise
                    price: row.price
                    price_cents: row.price * 100
                    weight: row.weight
                    weight_wide: row.weight
                  upsert: >
                    INSERT INTO invoice (id, customer, total, total_cents, precise, price, price_cents, weight,
                    weight_wide) VALUES (:id, :customer, :total, :total_cents, :precise, :price, :price_cents,
                    :weight, :weight_wide) ON CONFLICT (id) DO UPDATE SET total = EXCLUDED.total
              cleaned: "UPDATE invoices SET migrated_at = now() WHERE customer = $1"
              rollback:
                - fetch: "SELECT id, total, precise, price, weight FROM invoice WHERE customer = $1"
                  apply: >
                    UPDATE invoices SET total = :total, precise = :precise, price = :price, weight = :weight
                    WHERE id = :id
              uncleaned: "UPDATE invoices SET migrated_at = NULL WHERE customer = $1"
            """;

    private static final String WHOLE_PLAN = """
            migration:
              legacy: "%s"
              modern: "%s"
              users: "SELECT DISTINCT customer FROM invoices ORDER BY 1"
              entities:
                - name: whole
                  cardinality: many
                  key: id
                  fetch: "SELECT id, total FROM invoices WHERE customer = $1"
                  map:
                    id: row.id
                    amount: row.total
                  upsert: "INSERT INTO invoice_whole VALUES (:id, :amount)"
            """;

    private Vertx vertx;
    private Migrator migrator;
    private Migrator whole;
    private TestDatabase legacy;
    private TestDatabase modern;

    @BeforeAll
    void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
               @Postgres("wholeModern") TestDatabase wholeModern) {
        this.legacy = legacy;
        this.modern = modern;
        run(legacy, LEGACY);
        run(modern, MODERN);
        run(wholeModern, MODERN);
        vertx = Vertx.vertx();
        MigrationPlan plan = plan(PLAN, legacy.uri(), modern.uri());
        migrator = Northwind.start(vertx, plan, Northwind.immediateMarks(plan).withExtensions(List.of()));
        MigrationPlan wholePlan = plan(WHOLE_PLAN, legacy.uri(), wholeModern.uri());
        whole = Northwind.start(vertx, wholePlan, Northwind.immediateMarks(wholePlan).withExtensions(List.of()));
    }

    @AfterAll
    void stop() {
        migrator.close();
        whole.close();
        await(vertx.close());
    }

    private static MigrationPlan plan(String yaml, String legacyUri, String modernUri) {
        return ConfigLoader.parseMigrationPlan("plan.yaml", yaml.formatted(legacyUri, modernUri), Map.of())
                .orElseThrow();
    }

    @Test
    void decimalColumns_migrateExactly_andCentsAreComputedWithoutRounding() {
        assertThat(List.of(await(migrator.migrate("1", Trigger.CLI, false)),
                await(migrator.migrate("2", Trigger.CLI, false))))
                .allMatch(outcome -> outcome instanceof MigrationEngine.Outcome.Migrated
                        || outcome instanceof MigrationEngine.Outcome.AlreadyMigrated);

        assertThat(rows(modern, "SELECT id, total, total_cents, precise, price::numeric AS price, price_cents,"
                + " weight, weight_wide FROM invoice WHERE customer IN (1, 2) ORDER BY id")).containsExactly(
                Map.of("id", 1, "total", new BigDecimal("19.99"), "total_cents", 1999L,
                        "precise", new BigDecimal("0.0000000001"), "price", new BigDecimal("19.99"),
                        "price_cents", 1999L, "weight", 19.99f, "weight_wide", 19.99d),
                Map.of("id", 2, "total", new BigDecimal("0.01"), "total_cents", 1L,
                        "precise", new BigDecimal("1234567890123456789012345678.0123456789"),
                        "price", new BigDecimal("0.01"), "price_cents", 1L, "weight", 0.01f, "weight_wide", 0.01d),
                Map.of("id", 3, "total", new BigDecimal("99999999.99"), "total_cents", 9999999999L,
                        "precise", new BigDecimal("0.1000000000"), "price", new BigDecimal("99999999.99"),
                        "price_cents", 9999999999L, "weight", 1e-10f, "weight_wide", 1e-10d));
    }

    @Test
    void decimalColumns_verifyClean() {
        await(migrator.migrate("1", Trigger.CLI, false));

        UserVerification verification = await(migrator.verification().verify("1"));

        assertThat(verification.problems()).isEmpty();
        assertThat(verification.notes()).isEmpty();
        assertThat(verification.clean()).as(verification.toString()).isTrue();
    }

    @Test
    void rollback_ofAnIntegerKey_writesTheExactValuesBack() {
        assertThat(await(migrator.migrate("3", Trigger.CLI,
                false))).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        run(legacy, "UPDATE invoices SET total = 0, precise = 0, price = 0, weight = 0 WHERE customer = 3");

        Rollbacks.Outcome outcome = await(migrator.rollback("3", Trigger.CLI));

        assertThat(outcome).as(outcome.toString()).isInstanceOf(Rollbacks.Outcome.RolledBack.class);
        assertThat(rows(legacy, "SELECT total, precise, price::numeric AS price, weight, migrated_at IS NULL"
                + " AS uncleaned FROM invoices WHERE customer = 3")).containsExactly(Map.of(
                "total", new BigDecimal("99999999.99"), "precise", new BigDecimal("0.0000000001"),
                "price", new BigDecimal("0.01"), "weight", 19.99f, "uncleaned", true));
    }

    @Test
    void aFractionBoundToAnIntegerColumn_makesTheUserInvalid_namingFieldAndValue() {
        MigrationEngine.Outcome fraction = await(whole.migrate("1", Trigger.CLI, false));
        MigrationEngine.Outcome exact = await(whole.migrate("4", Trigger.CLI, false));

        assertThat(fraction).isInstanceOf(MigrationEngine.Outcome.Invalid.class);
        List<Violation> violations = ((MigrationEngine.Outcome.Invalid) fraction).violations();
        assertThat(violations).extracting(Violation::field).containsExactly("amount", "amount");
        assertThat(violations).extracting(Violation::row).containsExactly("1", "2");
        assertThat(violations.get(0).message()).contains("amount = 19.99").contains("integer")
                .contains("fractional part");
        assertThat(exact).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
    }
}
