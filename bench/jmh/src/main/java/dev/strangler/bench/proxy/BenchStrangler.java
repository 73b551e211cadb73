package dev.strangler.bench.proxy;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.proxy.StranglerServer;
import dev.strangler.testkit.PostgresFixture;
import dev.strangler.testkit.PostgresServer;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

/**
 * The Strangler that bench/proxy.sh measures: both upstreams on one backend port, routing by the
 * {@code X-User-Id} header on a rollout rule with a cohort, metrics on, and the benchmark's users already
 * migrated before traffic starts, so no request waits for a migration. Arguments: proxy port, admin port,
 * backend port. Prints {@code ready} when listening; runs until killed.
 */
public final class BenchStrangler {

    private BenchStrangler() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int adminPort = Integer.parseInt(args[1]);
        int backendPort = Integer.parseInt(args[2]);
        PostgresServer postgres = PostgresFixture.shared();
        TestDatabase legacy = postgres.createDatabase("bench_legacy");
        TestDatabase modern = postgres.createDatabase("bench_modern");
        execute(legacy, "CREATE TABLE customers (customer_id text PRIMARY KEY, company_name text NOT NULL,"
                + " migrated_at timestamptz); INSERT INTO customers SELECT 'u' || i, 'Company ' || i, NULL"
                + " FROM generate_series(1, 100) i");
        execute(modern, "CREATE TABLE customer (id text PRIMARY KEY, name text NOT NULL)");

        StranglerConfig config = ConfigLoader.parse("bench.yaml", """
                server: { host: 127.0.0.1, port: %d, drainTimeout: 1s }
                admin: { host: 127.0.0.1, port: %d, token: "bench-token-not-a-secret-0123456789" }
                upstreams:
                  legacy: { url: "http://127.0.0.1:%d", poolSize: 64 }
                  modern: { url: "http://127.0.0.1:%d", poolSize: 64 }
                identity:
                  - header: X-User-Id
                routing:
                  salt: bench-2026
                  routes:
                    - { id: static-assets, path: "/assets/**", to: legacy }
                    - { id: everything, path: "/**", to: rollout }
                  cohorts:
                    - { name: bench-users, when: 'request.headers["x-bench"] == "1"', percent: 100 }
                    - { name: everyone, percent: 100 }
                migration:
                  legacy: "%s"
                  modern: "%s"
                  users: "SELECT customer_id FROM customers ORDER BY customer_id"
                  entities:
                    - name: customer
                      fetch: "SELECT * FROM customers WHERE customer_id = $1"
                      map: { id: row.customer_id, name: row.company_name }
                      upsert: "INSERT INTO customer (id, name) VALUES (:id, :name) ON CONFLICT (id) DO NOTHING"
                  cleaned: "UPDATE customers SET migrated_at = now() WHERE customer_id = $1"
                """.formatted(port, adminPort, backendPort, backendPort, legacy.uri(), modern.uri()), Map.of())
                .orElseThrow();

        Vertx vertx = StranglerServer.createVertx();
        Migrator migrator = Migrator.start(vertx, config.migration(), MigratorSettings.defaults(config.migration()))
                .await();
        for (int i = 1; i <= 100; i++) {
            MigrationEngine.Outcome outcome = migrator.engine().ensureMigrated("u" + i, Trigger.CLI).await();
            if (!outcome.servedByModern()) {
                throw new IllegalStateException("bench user u" + i + " not migrated: " + outcome);
            }
        }
        StranglerServer.start(vertx, config, migrator).await();
        System.out.println("ready");
        System.out.flush();
    }

    private static void execute(TestDatabase db, String sql) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
