package dev.strangler.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, regression: {@code strangler audit} (read-only) on a modern database never migrated into printed
 * {@code WARNING: cleaned-mark repair failed: ... relation "strangler.user_state" does not exist}. The read-only
 * commands, {@code audit} and {@code status}, run no repair and write nothing: modern has no {@code strangler}
 * schema after them, and the cleaned-mark logger recorded nothing.
 */
@ExtendWith(PostgresExtension.class)
class ReadOnlyCommandsTest {

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
              users: "SELECT customer_id FROM customers ORDER BY customer_id"
              entities:
                - name: customer
                  fetch: "SELECT * FROM customers WHERE customer_id = $1"
                  map: { id: row.customer_id, name: row.company_name }
                  upsert: "INSERT INTO customer (id, name) VALUES (:id, :name) ON CONFLICT (id) DO NOTHING"
              cleaned: "UPDATE customers SET migrated_at = now() WHERE customer_id = $1"
            """;

    @TempDir
    Path dir;

    @Test
    void auditAndStatus_onANeverMigratedModern_runNoRepairAndCreateNothing(@Postgres("legacy") TestDatabase legacy,
                                                                         @Postgres("modern") TestDatabase modern)
            throws Exception {
        legacy.execute("""
                CREATE TABLE customers (customer_id text PRIMARY KEY, company_name text NOT NULL,
                                        migrated_at timestamp);
                INSERT INTO customers VALUES ('ALFKI', 'Alfreds', NULL), ('ANATR', 'Ana', NULL);
                """);
        modern.execute("CREATE TABLE customer (id text PRIMARY KEY, name text NOT NULL)");
        Path config = dir.resolve("strangler.yaml");
        Files.writeString(config, CONFIG.replace("LEGACY_URI", legacy.uri()).replace("MODERN_URI", modern.uri()));
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger cleaned = Logger.getLogger("dev.strangler.migrator.engine.CleanedMarker");
        cleaned.addHandler(recorder);
        CliRun audit;
        CliRun status;
        try {
            audit = CliRun.of("audit", "--out", dir.resolve("report.html").toString(), "--config", config.toString());
            status = CliRun.of("status", "--config", config.toString());
        } finally {
            cleaned.removeHandler(recorder);
        }

        assertThat(audit.status()).as(audit.err()).isZero();
        assertThat(audit.out()).contains("2 of 2 users would migrate today");
        assertThat(audit.err()).doesNotContain("repair");
        assertThat(status.err()).doesNotContain("repair");
        assertThat(logged).isEmpty();
        assertThat(modern.count("SELECT count(*) FROM pg_namespace WHERE nspname = 'strangler'")).isZero();
    }
}
