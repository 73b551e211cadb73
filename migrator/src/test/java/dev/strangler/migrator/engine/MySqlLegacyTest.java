package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static dev.strangler.migrator.engine.Northwind.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Backfills.BatchWrites;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.PlanChecks.PlanCheck;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.migrator.Verification.UserVerification;
import dev.strangler.migrator.bulk.BatchLoad;
import dev.strangler.migrator.bulk.BatchResult;
import dev.strangler.testkit.MariaDb;
import dev.strangler.testkit.MariaDbDatabase;
import dev.strangler.testkit.MariaDbExtension;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, MySQL and MariaDB legacies: the test Northwind in MySQL's dialect on a real MariaDB server, migrated into
 * PostgreSQL by the plan of {@code northwind/plan-mysql.yaml} (the user key written {@code ?} and {@code $1}), then
 * verified and rolled back; an integer key with exact decimals; a BIGINT key; the set-based read; and
 * {@code check} preparing every statement on the server. {@link MySqlLegacyFencesTest} has the locks and time limits.
 */
@ExtendWith({MariaDbExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlLegacyTest {

    private static final String MODERN = """
            ALTER TABLE customer_order ADD COLUMN freight_cents bigint;
            CREATE TABLE invoice (id int PRIMARY KEY, customer int NOT NULL, total numeric(10,2),
              total_cents bigint, precise numeric(38,10), weight real);
            CREATE TABLE big_user (id bigint PRIMARY KEY, name text NOT NULL, active boolean NOT NULL);""";

    private static final String INVOICES = """
            migration:
              legacy: "%s"
              modern: "%s"
              users: "SELECT DISTINCT customer FROM invoices ORDER BY 1"
              entities:
                - name: invoice
                  cardinality: many
                  key: id
                  fetch: "SELECT id, customer, total, precise, weight FROM invoices WHERE customer = ? ORDER BY id"
                  map:
                    id: row.id
                    customer: row.customer
                    total: row.total
                    total_cents: row.total * 100
                    precise: row.precise
                    weight: row.weight
                  upsert: >
                    INSERT INTO invoice (id, customer, total, total_cents, precise, weight)
                    VALUES (:id, :customer, :total, :total_cents, :precise, :weight)
                    ON CONFLICT (id) DO UPDATE SET total = EXCLUDED.total
              cleaned: "UPDATE invoices SET migrated_at = NOW(6) WHERE customer = ?"
              rollback:
                - fetch: "SELECT id, total, precise FROM invoice WHERE customer = $1"
                  apply: "UPDATE invoices SET total = :total, precise = :precise WHERE id = :id"
              uncleaned: "UPDATE invoices SET migrated_at = NULL WHERE customer = ?"
            """;

    private static final String BIG_USERS = """
            migration:
              legacy: "%s"
              modern: "%s"
              users: "SELECT id FROM big_users ORDER BY id"
              entities:
                - name: person
                  cardinality: one
                  fetch: "SELECT id, name, active FROM big_users WHERE id = ?"
                  map: { id: row.id, name: row.name, active: row.active == 1 }
                  upsert: "INSERT INTO big_user (id, name, active) VALUES (:id, :name, :active)"
              cleaned: "UPDATE big_users SET migrated_at = NOW(6) WHERE id = ?"
            """;

    private Vertx vertx;
    private Migrator northwind;
    private Migrator invoices;
    private Migrator bigUsers;
    private MariaDbDatabase legacy;
    private TestDatabase modern;
    private MigrationPlan plan;

    @BeforeAll
    void start(@MariaDb("legacy") MariaDbDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        this.legacy = legacy;
        this.modern = modern;
        legacy.execute(resource("northwind/legacy-mysql.sql"));
        run(modern, resource("northwind/modern.sql"));
        run(modern, MODERN);
        vertx = Vertx.vertx();
        Map<String, String> environment = Map.of("LEGACY_URL", legacy.uri(), "MODERN_URL", modern.uri());
        plan = ConfigLoader.parseMigrationPlan("plan-mysql.yaml", resource("northwind/plan-mysql.yaml"), environment)
                .orElseThrow();
        northwind = Northwind.start(vertx, plan, Northwind.immediateMarks(plan).withExtensions(List.of()));
        invoices = started(INVOICES);
        bigUsers = started(BIG_USERS);
    }

    private Migrator started(String yaml) {
        MigrationPlan other = ConfigLoader.parseMigrationPlan("plan.yaml", yaml.formatted(legacy.uri(), modern.uri()),
                Map.of()).orElseThrow();
        return Northwind.start(vertx, other, Northwind.immediateMarks(other).withExtensions(List.of()));
    }

    @AfterAll
    void stop() {
        northwind.close();
        invoices.close();
        bigUsers.close();
        await(vertx.close());
    }

    @Test
    void northwindUser_migratesFromQuestionMarkAndDollarOneStatements_andIsMarkedCleaned() {
        MigrationEngine.Outcome outcome = await(northwind.migrate("ALFKI", Trigger.CLI, false));

        assertThat(outcome).as(outcome.toString()).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        assertThat(rows(modern, "SELECT id, name, country, since::text AS since FROM customer WHERE id = 'ALFKI'"))
                .containsExactly(Map.of("id", "ALFKI", "name", "Alfreds Futterkiste", "country", "Germany",
                        "since", "1996-07-04"));
        assertThat(rows(modern, "SELECT id, freight, freight_cents, ordered_at FROM customer_order"
                + " WHERE customer_id = 'ALFKI' ORDER BY id")).containsExactly(
                Map.of("id", 10643, "freight", new BigDecimal("29.46"), "freight_cents", 2946L,
                        "ordered_at", java.sql.Timestamp.valueOf(LocalDateTime.of(1997, 8, 25, 0, 0))),
                Map.of("id", 10692, "freight", new BigDecimal("61.02"), "freight_cents", 6102L,
                        "ordered_at", java.sql.Timestamp.valueOf(LocalDateTime.of(1997, 10, 3, 0, 0))),
                Map.of("id", 10702, "freight", new BigDecimal("23.94"), "freight_cents", 2394L,
                        "ordered_at", java.sql.Timestamp.valueOf(LocalDateTime.of(1997, 10, 13, 0, 0))));
        assertThat(rows(modern, "SELECT order_id, product_id, unit_price, quantity FROM order_line"
                + " WHERE order_id = 10643 ORDER BY product_id")).containsExactly(
                Map.of("order_id", 10643, "product_id", 28, "unit_price", new BigDecimal("45.60"), "quantity", 15),
                Map.of("order_id", 10643, "product_id", 39, "unit_price", new BigDecimal("18.00"), "quantity", 21),
                Map.of("order_id", 10643, "product_id", 46, "unit_price", new BigDecimal("12.00"), "quantity", 2));
        await().atMost(Duration.ofSeconds(30)).until(() -> !legacy.value(
                "SELECT migrated_at FROM customers WHERE customer_id = 'ALFKI'").equals("NULL"));
        assertThat(rows(modern, "SELECT outcome FROM strangler.ledger WHERE user_key = 'ALFKI' ORDER BY id"))
                .as("the mark's re-read of MySQL's DATE, DECIMAL and FLOAT values is no drift")
                .extracting(row -> row.get("outcome")).containsExactly("MIGRATED");
    }

    @Test
    void migratedUser_verifiesClean() {
        await(northwind.migrate("AROUT", Trigger.CLI, false));

        UserVerification verification = await(northwind.verification().verify("AROUT"));

        assertThat(verification.clean()).as(verification.toString()).isTrue();
        assertThat(verification.problems()).isEmpty();
    }

    @Test
    void invalidUser_isNotWritten_andEveryViolationNamesItsFieldAndRow() {
        MigrationEngine.Outcome outcome = await(northwind.migrate("BLANK", Trigger.CLI, false));

        assertThat(outcome).isInstanceOf(MigrationEngine.Outcome.Invalid.class);
        assertThat(((MigrationEngine.Outcome.Invalid) outcome).violations()).extracting(Violation::entity,
                Violation::field)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("customer", "company_name"),
                        org.assertj.core.groups.Tuple.tuple("customer", "country"),
                        org.assertj.core.groups.Tuple.tuple("orders", "freight"),
                        org.assertj.core.groups.Tuple.tuple("order_lines", "quantity"));
        assertThat(count(modern, "SELECT count(*) FROM customer WHERE id = 'BLANK'")).isZero();
    }

    @Test
    void rollback_writesModernBackWithRepeatedNamedParameters_andClearsTheMark() {
        assertThat(await(northwind.migrate("ANATR", Trigger.CLI,
                false))).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> !legacy.value(
                "SELECT migrated_at FROM customers WHERE customer_id = 'ANATR'").equals("NULL"));
        run(modern, "UPDATE customer SET name = 'Ana''s ? $1 Shop' WHERE id = 'ANATR';"
                + " UPDATE customer_order SET freight = 99999999.99 WHERE id = 10308");

        Rollbacks.Outcome outcome = await(northwind.rollback("ANATR", Trigger.CLI));

        assertThat(outcome).as(outcome.toString()).isInstanceOf(Rollbacks.Outcome.RolledBack.class);
        assertThat(legacy.value("SELECT company_name FROM customers WHERE customer_id = 'ANATR'"))
                .isEqualTo("Ana's ? $1 Shop");
        assertThat(legacy.value("SELECT freight FROM orders WHERE order_id = 10308")).isEqualTo("99999999.99");
        assertThat(legacy.value("SELECT order_date FROM orders WHERE order_id = 10308")).isEqualTo("1996-09-18");
        assertThat(legacy.value("SELECT migrated_at FROM customers WHERE customer_id = 'ANATR'")).isEqualTo("NULL");
        assertThat(rows(modern, "SELECT state FROM strangler.user_state WHERE user_key = 'ANATR'"))
                .containsExactly(Map.of("state", "ROLLED_BACK"));
    }

    @Test
    void integerKey_totalTimes100IsExact_andTheRollbackRoundTripIsExact() {
        assertThat(await(invoices.migrate("1", Trigger.CLI,
                false))).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        assertThat(await(invoices.migrate("2", Trigger.CLI,
                false))).isInstanceOf(MigrationEngine.Outcome.Migrated.class);

        assertThat(rows(modern, "SELECT id, total, total_cents, precise FROM invoice ORDER BY id")).containsExactly(
                Map.of("id", 1, "total", new BigDecimal("19.99"), "total_cents", 1999L,
                        "precise", new BigDecimal("0.0000000001")),
                Map.of("id", 2, "total", new BigDecimal("0.01"), "total_cents", 1L,
                        "precise", new BigDecimal("1234567890123456789012345678.0123456789")),
                Map.of("id", 3, "total", new BigDecimal("99999999.99"), "total_cents", 9999999999L,
                        "precise", new BigDecimal("0.1000000000")));
        assertThat(await(invoices.verification().verify("2")).clean()).isTrue();

        legacy.execute("UPDATE invoices SET total = 0, precise = 0 WHERE customer = 2");
        Rollbacks.Outcome outcome = await(invoices.rollback("2", Trigger.CLI));

        assertThat(outcome).as(outcome.toString()).isInstanceOf(Rollbacks.Outcome.RolledBack.class);
        assertThat(legacy.value("SELECT CONCAT(total, ' ', precise, ' ', migrated_at IS NULL) FROM invoices"
                + " WHERE id = 3")).isEqualTo("99999999.99 0.1000000000 1");
    }

    @Test
    void integerKeyWithTrailingText_isRefused_insteadOfReadingTheUserMySqlTruncatesItTo() {
        MigrationEngine.Outcome outcome = await(invoices.migrate("1abc", Trigger.CLI, false));

        assertThat(outcome).as(outcome.toString()).isInstanceOf(MigrationEngine.Outcome.Failed.class);
        assertThat(outcome.detail()).contains("cannot bind 1abc").contains("integer");
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = '1abc'"
                + " AND outcome = 'MIGRATED'")).isZero();
    }

    @Test
    void bigintKey_isBoundAsABigint() {
        MigrationEngine.Outcome outcome = await(bigUsers.migrate("9007199254740993", Trigger.CLI, false));

        assertThat(outcome).as(outcome.toString()).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        assertThat(rows(modern, "SELECT id, name, active FROM big_user"))
                .containsExactly(Map.of("id", 9007199254740993L, "name", "beyond a double", "active", true));
    }

    @Test
    void setBasedRead_givesEveryUserOfTheBatchTheRowsTheirOwnFetchGives() {
        List<String> keys = List.of("BERGS", "CONCU", "NOCTY", "SLOWW");

        BatchResult result = await(BatchLoad.of(northwind.batchParts(), BatchWrites.MULTI_ROW)
                .migrate(keys, Trigger.BACKFILL));

        Map<String, String> outcomes = result.outcomes().stream().collect(Collectors.toMap(
                MigrationEngine.Outcome::userKey, o -> o.getClass().getSimpleName()));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("BERGS", "Migrated", "CONCU", "Migrated",
                "NOCTY", "Invalid", "SLOWW", "Migrated"));
        assertThat(result.oneByOne()).isZero();
        assertThat(rows(modern, "SELECT user_key, cleaned_pending FROM strangler.user_state"
                + " WHERE user_key IN ('BERGS', 'CONCU', 'SLOWW') ORDER BY user_key")).as("marked as one batch")
                .containsExactly(Map.of("user_key", "BERGS", "cleaned_pending", false),
                        Map.of("user_key", "CONCU", "cleaned_pending", false),
                        Map.of("user_key", "SLOWW", "cleaned_pending", false));
        assertThat(rows(modern, "SELECT customer_id, id, freight_cents FROM customer_order"
                + " WHERE customer_id IN ('BERGS', 'CONCU', 'SLOWW') ORDER BY id")).containsExactly(
                Map.of("customer_id", "BERGS", "id", 10278, "freight_cents", 9269L),
                Map.of("customer_id", "SLOWW", "id", 10903, "freight_cents", 1200L),
                Map.of("customer_id", "CONCU", "id", 10907, "freight_cents", 1600L));
    }

    @Test
    void usersQuery_isListedThroughACursor() {
        assertThat(await(northwind.reports().legacyUsers())).containsExactly("ALFKI", "ANATR", "AROUT", "BERGS",
                "BLANK", "CONCU", "KILLD", "NOCT2", "NOCTY", "REFUS", "SLOWW", "TIMEO");
    }

    @Test
    void check_preparesEveryStatementOnTheServer_andNamesTheOneItRefuses() throws Exception {
        PlanCheck valid = await(northwind.check());
        assertThat(valid.problems()).isEmpty();
        assertThat(valid.unreachable()).isEmpty();

        MigrationPlan broken = ConfigLoader.parseMigrationPlan("plan-mysql.yaml",
                resource("northwind/plan-mysql.yaml").replace("SET migrated_at = NOW(6)", "SET migrated = NOW(6)")
                        .replace("freight = :freight, order_date", "freight = :freight, shipped_on"),
                Map.of("LEGACY_URL", legacy.uri(), "MODERN_URL", modern.uri())).orElseThrow();
        Migrator checker = Migrator.create(vertx, broken, MigratorSettings.defaults(broken));
        try {
            PlanCheck check = await(checker.check());
            assertThat(check.problems()).hasSize(2);
            assertThat(check.problems().get(0)).startsWith("plan-mysql.yaml:").contains(": migration.cleaned: ")
                    .contains("Unknown column 'migrated' in 'SET'");
            assertThat(check.problems().get(1)).startsWith("plan-mysql.yaml:")
                    .contains(": migration.rollback[1].apply: ")
                    .contains("Unknown column 'shipped_on'");
        } finally {
            checker.close();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MySqlLegacyTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
