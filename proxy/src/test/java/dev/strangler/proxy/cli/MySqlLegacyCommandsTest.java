package dev.strangler.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.strangler.testkit.MariaDb;
import dev.strangler.testkit.MariaDbDatabase;
import dev.strangler.testkit.MariaDbExtension;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: {@code strangler check | audit | backfill | verify | status | rollback} with a MariaDB legacy (a
 * {@code jdbc:mariadb://} address, integer user keys, {@code DECIMAL(10,2)} totals) and a PostgreSQL modern.
 */
@ExtendWith({MariaDbExtension.class, PostgresExtension.class})
class MySqlLegacyCommandsTest {

    private static final String LEGACY = """
            CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, migrated_at DATETIME(6));
            CREATE TABLE invoices (id INT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2) NOT NULL);
            INSERT INTO customers VALUES (1, 'Alfreds', NULL), (2, 'Ana', NULL), (3, '', NULL);
            INSERT INTO invoices VALUES (10, 1, 19.99), (11, 1, 0.01), (12, 2, 99999999.99), (13, 3, 5.00);
            """;

    private static final String MODERN = """
            CREATE TABLE customer (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE invoice (id int PRIMARY KEY, customer_id int NOT NULL, total numeric(10,2),
                                  total_cents bigint NOT NULL);
            """;

    private static final String CONFIG = """
            server: { port: 8080 }
            admin: { port: 9090, token: "0123456789abcdef0123" }
            upstreams:
              legacy: { url: "http://127.0.0.1:8081" }
              modern: { url: "http://127.0.0.1:8082" }
            identity:
              - header: X-User-Id
            migration:
              legacy: "LEGACY_URI"
              modern: "MODERN_URI"
              timeout: 5s
              users: "SELECT id FROM customers ORDER BY id"
              entities:
                - name: customer
                  cardinality: one
                  fetch: "SELECT id, name FROM customers WHERE id = ?"
                  validate:
                    - { rule: 'row.name.size() > 0', message: "name is empty", field: name }
                  map: { id: row.id, name: row.name }
                  upsert: >
                    INSERT INTO customer (id, name) VALUES (:id, :name)
                    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name
                - name: invoices
                  cardinality: many
                  fetch: "SELECT id, customer_id, total FROM invoices WHERE customer_id = ? ORDER BY id"
                  map: { id: row.id, customer_id: row.customer_id, total: row.total, total_cents: row.total * 100 }
                  upsert: >
                    INSERT INTO invoice (id, customer_id, total, total_cents)
                    VALUES (:id, :customer_id, :total, :total_cents)
                    ON CONFLICT (id) DO UPDATE SET total = EXCLUDED.total, total_cents = EXCLUDED.total_cents
              cleaned: "UPDATE customers SET migrated_at = NOW(6) WHERE id = ?"
              rollback:
                - fetch: "SELECT id, name FROM customer WHERE id = $1"
                  apply: "UPDATE customers SET name = :name WHERE id = :id"
                - fetch: "SELECT id, customer_id, total FROM invoice WHERE customer_id = $1"
                  apply: >
                    INSERT INTO invoices (id, customer_id, total) VALUES (:id, :customer_id, :total)
                    ON DUPLICATE KEY UPDATE total = :total
              uncleaned: "UPDATE customers SET migrated_at = NULL WHERE id = $1"
            """;

    @TempDir
    Path dir;

    @Test
    void checkAuditBackfillVerifyRollback_fromTheCommandLine(@MariaDb("legacy") MariaDbDatabase legacy,
                                                             @Postgres("modern") TestDatabase modern) throws Exception {
        legacy.execute(LEGACY);
        modern.execute(MODERN);
        Path file = dir.resolve("strangler.yaml");
        String jdbcAddress = "jdbc:mariadb://" + legacy.uri().substring("mysql://".length());
        Files.writeString(file, CONFIG.replace("LEGACY_URI", jdbcAddress).replace("MODERN_URI", modern.uri()));
        String config = file.toString();

        CliRun check = CliRun.of("check", "--config", config);
        CliRun audit = CliRun.of("audit", "--out", dir.resolve("report.html").toString(), "--config", config);
        CliRun backfill = CliRun.of("backfill", "--rate", "50", "--config", config);
        CliRun verify = CliRun.of("verify", "--json", "--config", config);
        CliRun status = CliRun.of("status", "--json", "--config", config);
        modern.execute("UPDATE invoice SET total = 12.34 WHERE id = 11; UPDATE customer SET name = 'Alfred' WHERE id = 1");
        CliRun rollback = CliRun.of("rollback", "--user", "1", "--config", config);

        assertThat(check.status()).as(check.err()).isZero();
        assertThat(check.out()).contains("valid (2 entities");
        assertThat(audit.status()).as(audit.err()).isZero();
        assertThat(audit.out()).contains("2 of 3 users would migrate today");
        assertThat(backfill.status()).as(backfill.err()).isZero();
        assertThat(backfill.out()).contains("2 migrated, 1 invalid, 0 failed");
        assertThat(modern.count("SELECT sum(total_cents) FROM invoice")).isEqualTo(1999 + 1 + 9999999999L);
        assertThat(verify.status()).as(verify.out()).isZero();
        assertThat(new JsonObject(verify.out()).getInteger("users")).isEqualTo(2);
        assertThat(status.status()).as(status.err()).isZero();
        assertThat(new JsonObject(status.out()).getDouble("percentMigrated")).isCloseTo(66.7, within(0.1));
        assertThat(rollback.status()).as(rollback.out() + rollback.err()).isZero();
        assertThat(rollback.out()).contains("1: rolled back: 3 rows written to legacy");
        assertThat(legacy.value("SELECT CONCAT(c.name, ' ', i.total, ' ', c.migrated_at IS NULL) FROM customers c"
                + " JOIN invoices i ON i.customer_id = c.id WHERE i.id = 11")).isEqualTo("Alfred 12.34 1");
    }

    @Test
    void planInit_onAMariaDbLegacy_draftsInMySqlsDialect(@MariaDb("draft") MariaDbDatabase legacy,
                                                         @Postgres("draft_modern") TestDatabase modern) {
        legacy.execute("""
                CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, migrated_at DATETIME(6));
                CREATE TABLE invoices (id INT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2) NOT NULL,
                                       FOREIGN KEY (customer_id) REFERENCES customers (id));
                """);
        modern.execute("""
                CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
                CREATE TABLE invoices (id int PRIMARY KEY, customer_id int NOT NULL, total numeric(10,2) NOT NULL);
                """);

        CliRun run = CliRun.of("plan", "init", "--legacy", legacy.uri(), "--root", "customers", "--modern",
                modern.uri());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("  legacy: \"${LEGACY_URL:-mysql://root@")
                .contains("FROM invoices t0\n        WHERE t0.customer_id = ?\n")
                .contains("  cleaned: \"UPDATE customers SET migrated_at = NOW(6) WHERE id = ?\"");
    }
}
