package dev.strangler.bench.migrator;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.batch.Batch;
import dev.strangler.migrator.engine.Northwind;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The migrator's benchmark (run by {@code bench/migrator.sh}, skipped in the normal build): first-access latency
 * of {@code ensureMigrated} for a typical customer (1 customer, 15 orders, 40 lines), and sustained migrations per
 * second with 8 users in flight compared with a set-based {@code INSERT ... SELECT} copy of the same rows, on
 * loopback PostgreSQL. Writes a Markdown report to {@code strangler.bench.out} when set.
 */
@ExtendWith(PostgresExtension.class)
@EnabledIfSystemProperty(named = "strangler.bench", matches = "true")
class MigratorBenchmark {

    private static final int CUSTOMERS = 1200;
    private static final int WARM_UP = 100;
    private static final int LATENCY_USERS = 300;
    private static final int THROUGHPUT_USERS = 800;
    private static final int IN_FLIGHT = 8;
    private static final int ROWS_PER_USER = 1 + 15 + 40;

    @Test
    void firstAccessLatencyAndSustainedThroughput(@Postgres("legacy") TestDatabase legacy,
                                                  @Postgres("modern") TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Northwind.run(legacy, resource("northwind/bench-data.sql").replace("CUSTOMERS", Integer.toString(CUSTOMERS)));
        Northwind.run(legacy, "ANALYZE");
        MigrationPlan plan = ConfigLoader.parseMigrationPlan("bench-plan.yaml", resource("northwind/bench-plan.yaml"),
                Map.of("LEGACY_URL", legacy.uri(), "MODERN_URL", modern.uri())).orElseThrow();
        List<String> keys = new ArrayList<>();
        for (int c = 1; c <= CUSTOMERS; c++) {
            keys.add(String.format(Locale.ROOT, "C%04d", c));
        }
        Vertx vertx = Vertx.vertx();
        StringBuilder report = new StringBuilder();
        try (Migrator migrator = Northwind.start(vertx, plan,
                MigratorSettings.defaults(plan).withExtensions(List.of()).withPoolSize(IN_FLIGHT + 2))) {
            for (String key : keys.subList(0, WARM_UP)) {
                expectMigrated(await(migrator.engine().ensureMigrated(key, Trigger.REQUEST)));
            }
            long[] latencies = new long[LATENCY_USERS];
            List<String> latencyKeys = keys.subList(WARM_UP, WARM_UP + LATENCY_USERS);
            for (int i = 0; i < latencyKeys.size(); i++) {
                long start = System.nanoTime();
                expectMigrated(await(migrator.engine().ensureMigrated(latencyKeys.get(i), Trigger.REQUEST)));
                latencies[i] = System.nanoTime() - start;
            }
            Arrays.sort(latencies);

            List<String> throughputKeys = keys.subList(WARM_UP + LATENCY_USERS,
                    WARM_UP + LATENCY_USERS + THROUGHPUT_USERS);
            long start = System.nanoTime();
            List<MigrationEngine.Outcome> outcomes = await(Batch.run(throughputKeys, IN_FLIGHT,
                    key -> migrator.engine().ensureMigrated(key, Trigger.BACKFILL), progress -> { },
                            Clock.systemUTC()));
            double seconds = (System.nanoTime() - start) / 1e9;
            outcomes.forEach(MigratorBenchmark::expectMigrated);
            double migrationsPerSecond = THROUGHPUT_USERS / seconds;
            double engineRowsPerSecond = migrationsPerSecond * ROWS_PER_USER;

            double copyRowsPerSecond = setBasedCopy(legacy, throughputKeys);
            long legacyOrders = count(legacy, "SELECT count(*) FROM orders WHERE customer_id = 'C0500'");

            report.append("# Migrator benchmark\n\n")
                    .append(String.format(Locale.ROOT, "Loopback PostgreSQL 17 (embedded), %d CPUs, one JVM. "
                            + "Typical customer: 1 customer row, %d orders, 40 order lines (%d rows).%n%n",
                            Runtime.getRuntime().availableProcessors(), legacyOrders, ROWS_PER_USER))
                    .append("| measure | value | goal |\n|---|---|---|\n")
                    .append(String.format(Locale.ROOT, "| first-access latency p50 (%d users, sequential) | %.1f ms "
                            + "| <= 10 ms |%n", LATENCY_USERS, millis(latencies, 0.50)))
                    .append(String.format(Locale.ROOT, "| first-access latency p99 | %.1f ms | <= 40 ms |%n",
                            millis(latencies, 0.99)))
                    .append(String.format(Locale.ROOT, "| sustained migrations/s (%d users, %d in flight) | %.0f "
                            + "| |%n", THROUGHPUT_USERS, IN_FLIGHT, migrationsPerSecond))
                    .append(String.format(Locale.ROOT, "| engine rows/s | %.0f | |%n", engineRowsPerSecond))
                    .append(String.format(Locale.ROOT, "| set-based INSERT ... SELECT rows/s (same rows) | %.0f "
                            + "| |%n", copyRowsPerSecond))
                    .append(String.format(Locale.ROOT, "| ratio engine / set-based | %.1f%% | >= 25%% |%n",
                            100 * engineRowsPerSecond / copyRowsPerSecond))
                    .append("""

                    Measured by `bench/migrator.sh` (the JUnit class `MigratorBenchmark`, skipped in the normal
                    build). Latency: %d users migrated one after another after %d warm-up users, each a first access
                    (read 3 entities in one snapshot, validate, transform with CEL, upsert, state + ledger with both
                    snapshots in one transaction, legacy cleaned mark). Throughput: %d further users through
                    `Batch.run` with %d in flight. The set-based copy moves the same users' rows, transformed the
                    same way, with three `INSERT ... SELECT` statements inside the legacy server.

                    How to read the ratio: the engine does per user what the copy does once for everyone: about 15
                    statements (state, lock, three fetches, ledger, state, cleaned mark, ...) plus one upsert
                    execution per row (56 here), two commits, and the user's source and target snapshots written
                    into the ledger. A flight recording of the JVM during the run shows little JVM CPU time: the
                    cost is PostgreSQL executing statements, on the same 2 CPUs as the JVM and, during these runs,
                    other builds. The 25%% goal is not met; reaching it would need a set-based load path
                    (one multi-row upsert per entity per batch of users), which the per-user, all-or-nothing
                    contract of SPEC 4.2 does not allow for request-time migration but a backfill could use.
                    """.formatted(LATENCY_USERS, WARM_UP, THROUGHPUT_USERS, IN_FLIGHT));
        } finally {
            await(vertx.close());
        }
        System.out.println(report);
        String out = System.getProperty("strangler.bench.out");
        if (out != null && !out.isBlank()) {
            Files.writeString(Path.of(out), report.toString());
        }
    }

    /**
     * The physical limit: the same users' rows copied, transformed as the plan does, by three set-based statements
     * in one transaction, into tables of the modern shape on the legacy server (no network hop between databases).
     */
    private static double setBasedCopy(TestDatabase legacy, List<String> keys) throws Exception {
        String list = "ARRAY['" + String.join("','", keys) + "']";
        try (Connection connection = legacy.connect(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE copy_customer (id text PRIMARY KEY, name text NOT NULL, contact varchar(30),
                                                country text, since date);
                    CREATE TABLE copy_order (id integer PRIMARY KEY, customer_id text NOT NULL, ordered_at timestamp,
                                             freight numeric(12, 2));
                    CREATE TABLE copy_line (order_id integer NOT NULL, product_id integer NOT NULL,
                                            unit_price numeric(10, 2) NOT NULL, quantity smallint NOT NULL,
                                            PRIMARY KEY (order_id, product_id))""");
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            long rows = statement.executeUpdate("INSERT INTO copy_customer SELECT customer_id, trim(company_name),"
                    + " contact_name, country, customer_since::date FROM customers WHERE customer_id = ANY(" + list
                    + ")");
            rows += statement.executeUpdate("INSERT INTO copy_order SELECT order_id, customer_id,"
                    + " order_date::timestamp, freight FROM orders WHERE customer_id = ANY(" + list + ")");
            rows += statement.executeUpdate("INSERT INTO copy_line SELECT d.order_id, d.product_id,"
                    + " d.unit_price::numeric(10, 2), d.quantity FROM order_details d JOIN orders o USING (order_id)"
                    + " WHERE o.customer_id = ANY(" + list + ")");
            connection.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (rows != (long) keys.size() * ROWS_PER_USER) {
                throw new AssertionError("set-based copy moved " + rows + " rows");
            }
            return rows / seconds;
        }
    }

    private static void expectMigrated(MigrationEngine.Outcome outcome) {
        if (!(outcome instanceof MigrationEngine.Outcome.Migrated)) {
            throw new AssertionError("expected a migration, got " + outcome);
        }
    }

    private static double millis(long[] sorted, double quantile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = MigratorBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
