package dev.strangler.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 from the command line: {@code check} refuses a plan with a type error, a missing parameter or a target
 * column too short for real data (with {@code --sample}), naming file, line and column; {@code migrate --dry-run}
 * summarises; {@code plan init} drafts from the catalogue.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanCommandsTest {

    private static final String LEGACY = """
            CREATE TABLE customers (id integer PRIMARY KEY, name varchar(40) NOT NULL, since date,
                                    migrated_at timestamptz);
            CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers,
                                 total numeric(10,2));
            INSERT INTO customers SELECT n, 'Customer ' || n, NULL, NULL FROM generate_series(1, 20) n;
            UPDATE customers SET name = 'A name much longer than the modern 24' WHERE id = 7;
            UPDATE customers SET name = '' WHERE id = 11;
            INSERT INTO orders SELECT n, n, 19.99 FROM generate_series(1, 20) n;
            """;

    private static final String MODERN = """
            CREATE TABLE customer (id bigint PRIMARY KEY, name varchar(24) NOT NULL, since date);
            CREATE TABLE purchase (id bigint PRIMARY KEY, customer_id bigint, total_cents bigint);
            """;

    private static final String CONFIG = """
            server: { port: 8080 }
            admin: { port: 9090, token: "0123456789abcdef0123" }
            upstreams:
              legacy: { url: "http://127.0.0.1:8081" }
              modern: { url: "http://127.0.0.1:8082" }
            identity:
              - header: X-User-Id
            routing:
              salt: rollout-2026
              routes:
                - { path: "/api/customers/{key}/**", to: rollout }
              cohorts:
                - { name: everyone, percent: 5 }
            migration:
              legacy: "LEGACY_URI"
              modern: "MODERN_URI"
              users: "SELECT id FROM customers ORDER BY id"
              entities:
                - name: customer
                  fetch: "SELECT id, name, since FROM customers WHERE id = $1"
                  validate:
                    - { rule: 'row.name.size() > 0', message: "name is empty", field: name }
                  map:
                    id: row.id
                    name: row.name
                    since: row.since
                  upsert: "INSERT INTO customer (id, name, since) VALUES (:id, :name, :since) ON CONFLICT (id) DO NOTHING"
                - name: orders
                  cardinality: many
                  fetch: "SELECT id, customer_id, total FROM orders WHERE customer_id = $1"
                  map:
                    id: row.id
                    customer_id: row.customer_id
                    total_cents: TOTAL
                  upsert: >
                    INSERT INTO purchase (id, customer_id, total_cents) VALUES (:id, :customer_id, :total_cents)
                    ON CONFLICT (id) DO NOTHING
              cleaned: "UPDATE customers SET migrated_at = now() WHERE id = $1"
            """;

    private TestDatabase legacy;
    private TestDatabase modern;
    @TempDir
    Path dir;

    @BeforeAll
    void schemas(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) {
        this.legacy = legacy;
        this.modern = modern;
        legacy.execute(LEGACY);
        modern.execute(MODERN);
    }

    @Test
    void check_doubleArithmeticOnADecimal_exits2WithFileLineAndColumn() throws Exception {
        Path file = config("row.total * 100.0");

        CliRun run = CliRun.of("check", "--config", file.toString());

        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("strangler check: " + file.getFileName() + ":"
                + lineOf(file, "total_cents: row") + ":" + (columnOf(file, "row.total * 100.0") + 10)
                + ": migration.entities[1].map.total_cents: arithmetic between a decimal and a double");
    }

    @Test
    void check_upsertParameterWithoutAMapEntry_exits2WithItsLine() throws Exception {
        Path file = config("row.total * 100");
        Files.writeString(file, Files.readString(file).replace("(:id, :name, :since)", "(:id, :name, :sinse)"));

        CliRun run = CliRun.of("check", "--config", file.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains(file.getFileName() + ":" + lineOf(file, ":sinse") + ":")
                .contains("migration.entities[0].upsert: :sinse is not a field of map");
    }

    @Test
    void checkSample_targetColumnTooShort_exits2NamingTheMapLineAndTheUsers() throws Exception {
        Path file = config("row.total * 100");

        CliRun run = CliRun.of("check", "--sample", "20", "--config", file.toString());

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.out()).contains("sample: 20 of 20 legacy users, spread over the key space: 18 would migrate")
                .contains("1 users  customer.name  name is empty  (row.name.size() > 0)  e.g. 11")
                .contains("1 users  " + file.getFileName() + ":" + lineOf(file, "name: row.name") + ":"
                        + (columnOf(file, "name: row.name") + 6) + ": customer.name: name -> name "
                        + "character varying(24): 37 characters (at most 24)  e.g. 7");
        assertThat(modern.count("SELECT count(*) FROM customer")).isZero();
    }

    @Test
    void migrateDryRun_printsASummary_andJsonOnlyWhenAsked() throws Exception {
        Path file = config("row.total * 100");

        CliRun summary = CliRun.of("migrate", "--user", "11", "--dry-run", "--config", file.toString());
        CliRun json = CliRun.of("migrate", "--user", "3", "--dry-run", "--json", "--config", file.toString());

        assertThat(summary.status()).isEqualTo(1);
        assertThat(summary.out()).startsWith("11: would not migrate, 1 violation\n")
                .contains("  customer.name: name is empty (row.name.size() > 0), row 11\n")
                .contains("rows: customer 1 read; orders 1 read\n").doesNotContain("{");
        assertThat(json.status()).isZero();
        JsonObject dryRun = new JsonObject(json.out());
        assertThat(dryRun.getBoolean("wouldMigrate")).isTrue();
        assertThat(dryRun.getJsonObject("target").getJsonArray("orders")).hasSize(1);
        assertThat(json.out()).containsPattern("\"total_cents\" : \"?1999.00\"?");
    }

    @Test
    void planInit_matchesModernTablesByName_andNotesWhatItLeftOut() throws Exception {
        CliRun run = CliRun.of("plan", "init", "--legacy", legacy.uri(), "--root", "customers", "--modern",
                modern.uri());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("    - name: customers\n")
                .contains("INSERT INTO customer (id, name, since)\n        VALUES (:id, :name, :since)\n"
                        + "        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, since = EXCLUDED.since")
                .contains("# migrated_at: the cleaned mark, Strangler's own; not migrated.")
                .contains("    # orders: no modern table matches it by name");
        assertThat(run.err()).contains("strangler plan init: note: entity orders left out");
    }

    @Test
    void planInit_unknownRootOrExistingOut_exits2() throws Exception {
        Path existing = Files.writeString(dir.resolve("plan.yaml"), "keep me");

        CliRun unknown = CliRun.of("plan", "init", "--legacy", legacy.uri(), "--root", "custmers");
        CliRun exists = CliRun.of("plan", "init", "--legacy", legacy.uri(), "--root", "customers", "--out",
                existing.toString());

        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("--root custmers: no such table (tables: customers, orders)");
        assertThat(exists.status()).isEqualTo(2);
        assertThat(Files.readString(existing)).isEqualTo("keep me");
        CliRun mysqlModern = CliRun.of("plan", "init", "--legacy", legacy.uri(), "--root", "customers", "--modern",
                "mysql://app@127.0.0.1:3306/shop");
        assertThat(mysqlModern.status()).isEqualTo(2);
        assertThat(mysqlModern.err()).contains("the modern database is PostgreSQL (MySQL and MariaDB are legacy "
                + "databases only)");
    }

    @Test
    void backfill_stoppingOnAnError_printsItsSummarySoFarAndHowToResume() throws Exception {
        Path file = config("row.total * 100");
        Files.writeString(file, Files.readString(file).replace("users: \"SELECT id FROM customers ORDER BY id\"",
                "users: \"SELECT id FROM no_such_users ORDER BY id\""));

        CliRun run = CliRun.of("backfill", "--config", file.toString());

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.err()).contains("strangler backfill: stopped on an error: ").contains("no_such_users");
        assertThat(run.out()).contains("backfill stopped on an error before the first user finished.")
                .contains("run strangler backfill again: it resumes with the users not migrated yet");
    }

    private Path config(String totalCents) throws Exception {
        Path file = Files.createTempFile(dir, "strangler", ".yaml");
        Files.writeString(file, CONFIG.replace("LEGACY_URI", legacy.uri()).replace("MODERN_URI", modern.uri())
                .replace("TOTAL", totalCents));
        return file;
    }

    private static int lineOf(Path file, String marker) throws Exception {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker);
    }

    private static int columnOf(Path file, String marker) throws Exception {
        return Files.readAllLines(file).get(lineOf(file, marker) - 1).indexOf(marker) + 1;
    }
}
