package dev.strangler.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code strangler check | migrate | audit | status} against real legacy and modern databases. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationCommandsTest {

    private static final String LEGACY = """
            CREATE TABLE customers (customer_id varchar(5) PRIMARY KEY, company_name text NOT NULL, country text,
                                    migrated_at timestamp);
            CREATE TABLE orders (order_id smallint PRIMARY KEY, customer_id varchar(5) REFERENCES customers,
                                 order_date date, freight numeric(10, 2));
            INSERT INTO customers VALUES ('ALFKI', 'Alfreds', 'Germany', NULL), ('ANATR', 'Ana', 'Mexico', NULL),
                                         ('BLANK', '', NULL, NULL), ('NOCTY', 'No Country', NULL, NULL);
            INSERT INTO orders VALUES (1, 'ALFKI', '1997-08-25', 29.46), (2, 'ALFKI', '1997-10-03', 61.02),
                                      (3, 'ANATR', '1996-09-18', 1.61), (4, 'NOCTY', '1998-02-03', 10.00);
            """;

    private static final String MODERN = """
            CREATE TABLE customer (id text PRIMARY KEY, name text NOT NULL, country text);
            CREATE TABLE customer_order (id integer PRIMARY KEY, customer_id text NOT NULL REFERENCES customer,
                                         ordered_at timestamp, freight numeric(12, 2));
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
              timeout: 5s
              users: "SELECT customer_id FROM customers ORDER BY customer_id"
              entities:
                - name: customer
                  cardinality: one
                  fetch: "SELECT * FROM customers WHERE customer_id = $1"
                  validate:
                    - { rule: 'row.company_name.size() > 0', message: "company name is empty" }
                    - { rule: 'COUNTRY_RULE', message: "country is missing" }
                  map: { id: row.customer_id, name: row.company_name, country: row.country }
                  upsert: >
                    INSERT INTO customer (id, name, country) VALUES (:id, :name, :country)
                    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, country = EXCLUDED.country
                - name: orders
                  cardinality: many
                  fetch: "SELECT * FROM orders WHERE customer_id = $1"
                  map: { id: row.order_id, customer_id: row.customer_id, ordered_at: row.order_date,
                         freight: row.freight }
                  upsert: >
                    INSERT INTO customer_order (id, customer_id, ordered_at, freight)
                    VALUES (:id, :customer_id, :ordered_at, :freight)
                    ON CONFLICT (id) DO UPDATE SET ordered_at = EXCLUDED.ordered_at, freight = EXCLUDED.freight
              cleaned: "UPDATE customers SET migrated_at = now() WHERE customer_id = $1"
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
    void check_validConfiguration_preparesStatementsAndExits0() throws Exception {
        CliRun run = CliRun.of("check", "--config", config("row.country != null", "").toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("valid (2 entities");
    }

    @Test
    void check_jwksThatCannotBeFetched_exits1NamingTheUrl() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String url = "https://127.0.0.1:" + closed + "/jwks.json";
        Path file = config("row.country != null", "");
        Files.writeString(file, Files.readString(file).replace("  - header: X-User-Id\n",
                "  - jwt: { header: Authorization, jwks: \"" + url + "\" }\n"));

        CliRun run = CliRun.of("check", "--config", file.toString());

        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("jwks " + url + ": ");
    }

    @Test
    void check_jwksWithoutAUsableKey_exits1NamingTheUrl() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        io.vertx.core.net.SelfSignedCertificate certificate =
                io.vertx.core.net.SelfSignedCertificate.create("localhost");
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(Path.of(certificate.certificatePath()))) {
            trust.setCertificateEntry("provider",
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Path store = dir.resolve("trust.p12");
        try (var out = Files.newOutputStream(store)) {
            trust.store(out, "changeit".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        try {
            io.vertx.core.http.HttpServer provider = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                    .setSsl(true).setKeyCertOptions(certificate.keyCertOptions()))
                    .requestHandler(request -> request.response().end("{\"keys\":[{\"kty\":\"oct\",\"k\":\"AA\"}]}"))
                    .listen(0, "127.0.0.1").await();
            String url = "https://localhost:" + provider.actualPort() + "/jwks.json";
            Path file = config("row.country != null", "");
            Files.writeString(file, Files.readString(file).replace("  - header: X-User-Id\n",
                    "  - jwt: { header: Authorization, jwks: \"" + url + "\" }\n"));

            CliRun run = CliRun.of("check", "--config", file.toString());

            assertThat(run.status()).as(run.err()).isEqualTo(1);
            assertThat(run.err()).contains("jwks " + url + ": JWKS document has no RSA or P-256 signing key");
        } finally {
            System.clearProperty("javax.net.ssl.trustStore");
            System.clearProperty("javax.net.ssl.trustStorePassword");
            System.clearProperty("javax.net.ssl.trustStoreType");
            vertx.close().await();
        }
    }

    @Test
    void check_statementRefusedByTheDatabase_exits2NamingTheStatement() throws Exception {
        CliRun run = CliRun.of("check", "--config", config("row.country != null", "no_such_column").toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("migration.entities[0].upsert").contains("no_such_column");
    }

    @Test
    void check_legacyNotAnswering_warnsAndStillChecksModern() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Path file = config("row.country != null", "no_such_column");
        Files.writeString(file, Files.readString(file).replace(legacy.uri(),
                "postgresql://nobody@127.0.0.1:" + closed + "/nowhere"));

        CliRun run = CliRun.of("check", "--config", file.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("warning: migration.legacy: postgresql://nobody@127.0.0.1:" + closed
                + "/nowhere did not answer").contains("migration.entities[0].upsert");
        assertThat(run.err()).doesNotContain("migration.entities[0].fetch");
    }

    @Test
    void anyCommand_badConfiguration_exits2WithFileLineAndColumn() throws Exception {
        Path file = Files.move(config("row.country !=", ""), dir.resolve("bad.yaml"));

        CliRun check = CliRun.of("check", "--config", file.toString());
        CliRun migrate = CliRun.of("migrate", "--all", "--config", file.toString());

        assertThat(check.status()).isEqualTo(2);
        assertThat(check.err()).matches("(?s)strangler check: bad\\.yaml:\\d+:\\d+: migration\\.entities\\[0\\].*");
        assertThat(migrate.status()).isEqualTo(2);
        assertThat(migrate.err()).startsWith("strangler migrate: bad.yaml:");
    }

    @Test
    void migrate_dryRunAuditThenAllThenFailedAfterFix_writesOnlyWhenAskedAndMovesOnlyWhatFailed() throws Exception {
        Path strict = config("row.country != null", "");
        Path fixed = config("true", "");
        Path report = dir.resolve("report.html");

        CliRun dryRun = CliRun.of("migrate", "--all", "--dry-run", "--config", strict.toString());
        CliRun audit = CliRun.of("audit", "--out", report.toString(), "--config", strict.toString());
        long modernRowsBefore = modern.count("SELECT count(*) FROM customer");
        CliRun all = CliRun.of("migrate", "--all", "--config", strict.toString());
        CliRun one = CliRun.of("migrate", "--user", "ALFKI", "--config", strict.toString());
        CliRun failed = CliRun.of("migrate", "--failed", "--config", fixed.toString());
        CliRun status = CliRun.of("status", "--json", "--config", fixed.toString());

        assertThat(dryRun.status()).isZero();
        assertThat(dryRun.out()).contains("4 users: ").contains("WOULD_MIGRATE 2").contains("INVALID 2");
        assertThat(audit.status()).isZero();
        assertThat(audit.out()).contains("2 of 4 users would migrate today (50.0%)");
        assertThat(Files.readString(report)).contains("50.0%").contains("country is missing");
        assertThat(new JsonObject(Files.readString(dir.resolve("report.json"))).getLong("users")).isEqualTo(4);
        assertThat(modernRowsBefore).isZero();
        assertThat(all.out()).contains("MIGRATED 2").contains("INVALID 2");
        assertThat(all.status()).isZero();
        assertThat(one.out()).startsWith("ALFKI: SKIPPED");
        assertThat(failed.out()).contains("2 users: ").contains("MIGRATED 1").contains("INVALID 1")
                .contains("BLANK: 1 violation(s)");
        assertThat(modern.count("SELECT count(*) FROM customer")).isEqualTo(3);
        assertThat(status.status()).isZero();
        JsonObject json = new JsonObject(status.out());
        assertThat(json.getJsonObject("users").getLong("MIGRATED")).isEqualTo(3);
        assertThat(json.getDouble("percentMigrated")).isEqualTo(75.0);
    }

    @Test
    void migrate_withoutAUserSelection_exits2() {
        CliRun run = CliRun.of("migrate", "--dry-run");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--user").contains("--failed").contains("--all");
    }

    private Path config(String countryRule, String brokenColumn) throws Exception {
        String text = CONFIG.replace("LEGACY_URI", legacy.uri()).replace("MODERN_URI", modern.uri())
                .replace("COUNTRY_RULE", countryRule);
        if (!brokenColumn.isEmpty()) {
            text = text.replace("INSERT INTO customer (id, name, country)",
                    "INSERT INTO customer (id, name, " + brokenColumn + ")");
        }
        Path file = Files.createTempFile(dir, "strangler", ".yaml");
        Files.writeString(file, text);
        return file;
    }

}
