package dev.strangler.bench.sync;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.MigrationPlan;
import dev.strangler.config.RollbackStep;
import dev.strangler.migrator.Coexistence.ChangeSync;
import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.SyncSettings;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.engine.Northwind;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The coexistence benchmark (run by {@code bench/sync.sh}, skipped in the normal build): Debezium's embedded engine
 * on the test fixture's logical-decoding PostgreSQL, the migrator's test Northwind plus generated customers, all
 * migrated. Measures (1) catch-up throughput: a burst of single-row legacy transactions, each on a migrated
 * customer, until modern holds the last; (2) the same for sync-back, modern to legacy, with the cohort coexisting;
 * (3) lag under a steady write load on both sides: the sync's own lag figure, sampled, and the time from the last
 * write to its arrival; (4) the catch-up through {@code strangler sync --from http}: synthesized Debezium events of
 * real legacy updates posted one by one, each stored in the inbox before its answer. Sizes: {@code strangler.bench.users}, {@code .burst}, {@code .rate}, {@code .seconds}.
 */
@ExtendWith(PostgresExtension.class)
@EnabledIfSystemProperty(named = "strangler.bench", matches = "true")
class SyncBenchmark {

    private static final Duration PATIENCE = Duration.ofMinutes(10);

    @Test
    void syncThroughputAndLag(@Postgres(value = "legacy", logicalDecoding = true) TestDatabase legacy,
                              @Postgres(value = "modern", logicalDecoding = true) TestDatabase modern)
            throws Exception {
        int users = Integer.getInteger("strangler.bench.users", 200);
        int burst = Integer.getInteger("strangler.bench.burst", 2000);
        int rate = Integer.getInteger("strangler.bench.rate", 20);
        int seconds = Integer.getInteger("strangler.bench.seconds", 30);
        Northwind.createSchemas(legacy, modern);
        legacy.execute("INSERT INTO customers (customer_id, company_name, contact_name, country, customer_since)"
                + " SELECT 'B' || lpad(i::text, 4, '0'), 'Company ' || i, 'Contact ' || i, 'Germany', '2020-01-01'"
                + " FROM generate_series(1, " + users + ") i");
        Vertx vertx = Vertx.vertx();
        MigrationPlan base = Northwind.plan(legacy, modern);
        MigrationPlan plan = new MigrationPlan(base.legacy(), base.modern(), base.timeout(), base.retryAfter(),
                base.users(), base.entities(), base.cleaned(), List.of(new RollbackStep(
                "SELECT id, contact FROM customer WHERE id = $1",
                "UPDATE customers SET contact_name = :contact WHERE customer_id = :id")), base.uncleaned(),
                base.version());
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("bench")
                .withExtensions(List.of()));
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= users; i++) {
            keys.add(String.format(Locale.ROOT, "B%04d", i));
            await(migrator.engine().ensureMigrated(keys.get(i - 1), Trigger.CLI));
        }
        ChangeSync sync = migrator.coexistence().start(new SyncSettings("bench", "bench-1", Duration.ofSeconds(5),
                user -> "everyone", Clock.systemUTC()));
        await().atMost(PATIENCE).until(sync::active);
        await().atMost(PATIENCE).until(() -> count(legacy, "SELECT count(*) FROM pg_replication_slots"
                + " WHERE slot_name LIKE 'bench_%' AND active") == 2);

        StringBuilder out = new StringBuilder();
        out.append("# Coexistence sync run\n\n").append(Instant.now()).append(", load average before ")
                .append(loadAverage()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, ").append(users).append(" migrated users\n\n| measure | result |\n|---|---|\n");

        double catchUp = burst(legacy, modern, keys, burst, "UPDATE customers SET contact_name = ?"
                + " WHERE customer_id = ?", "SELECT count(*) FROM customer WHERE contact = 'burst-last'");
        out.append(row("catch-up, burst of " + burst + " one-row legacy transactions",
                String.format(Locale.ROOT, "%.0f events/s", catchUp)));

        await(migrator.coexistence().stages().set("everyone", CohortStage.COEXISTING, "bench", "sync-back"));
        double syncBack = burst(modern, legacy, keys, burst, "UPDATE customer SET contact = ? WHERE id = ?",
                "SELECT count(*) FROM customers WHERE contact_name = 'burst-last'");
        out.append(row("sync-back, burst of " + burst + " one-row modern transactions",
                String.format(Locale.ROOT, "%.0f events/s", syncBack)));

        out.append(steady(sync, legacy, modern, keys, rate, seconds));
        out.append("\nsync status at the end: `").append(sync.status().toJson().encode()).append("`\n");
        sync.close();
        await(sync.stopped());
        out.append("\n| measure (`strangler sync --from http`, the embedded sync stopped) | result |\n|---|---|\n")
                .append(http(migrator, legacy, modern, keys, burst));
        out.append("\nload average after ").append(loadAverage()).append('\n');
        Path file = Path.of(System.getProperty("strangler.bench.out", "target/sync-run.md"));
        Files.writeString(file, out);
        System.out.println(out);
        await(migrator.coexistence().dropSlots("bench"));
        migrator.close();
        await(vertx.close());
    }

    /** Writes {@code n} one-row transactions round-robin over the users; events/s until the last one arrived. */
    private static double burst(TestDatabase from, TestDatabase to, List<String> keys, int n, String update,
                                String arrived) throws Exception {
        long started = System.nanoTime();
        try (Connection connection = from.connect();
             PreparedStatement statement = connection.prepareStatement(update)) {
            for (int i = 0; i < n; i++) {
                statement.setString(1, i == n - 1 ? "burst-last" : "burst-" + i);
                statement.setString(2, keys.get(i % keys.size()));
                statement.executeUpdate();
            }
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> count(to, arrived) == 1);
        return n / ((System.nanoTime() - started) / 1e9);
    }

    /**
     * The HTTP route's catch-up: {@code n} one-row legacy transactions, each posted as Debezium Server's HTTP sink
     * posts it (its change event, then its {@code END}, one request each, one at a time), every post stored in the
     * inbox before its answer; the acknowledgement rate, and transactions/s until modern holds the last.
     */
    private static String http(Migrator migrator, TestDatabase legacy, TestDatabase modern, List<String> keys, int n)
            throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ChangeSync receiver = migrator.coexistence().receive(new SyncSettings("bench_http", "bench-http",
                Duration.ofSeconds(5), user -> "everyone", Clock.systemUTC()), "127.0.0.1", port);
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/debezium/legacy");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> post(client, uri, new JsonObject()
                .put("status", "BEGIN").put("id", "1:1")) == 200);
        long started = System.nanoTime();
        try (Connection connection = legacy.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "UPDATE customers SET contact_name = ? WHERE customer_id = ?")) {
            for (int i = 0; i < n; i++) {
                String user = keys.get(i % keys.size());
                String value = i == n - 1 ? "http-last" : "http-" + i;
                statement.setString(1, value);
                statement.setString(2, user);
                statement.executeUpdate();
                String tx = (900_000 + i) + ":0";
                JsonObject change = new JsonObject().put("op", "u")
                        .put("source", new JsonObject().put("schema", "public").put("table", "customers")
                                .put("txId", 900_000 + i).put("ts_ms", System.currentTimeMillis()))
                        .put("transaction", new JsonObject().put("id", tx).put("total_order", 1))
                        .put("after", new JsonObject().put("customer_id", user).put("contact_name", value));
                if (post(client, uri, change) != 200 || post(client, uri, new JsonObject().put("status", "END")
                        .put("id", tx).put("event_count", 1)) != 200) {
                    throw new IllegalStateException("the receiver refused transaction " + tx);
                }
            }
        }
        double acknowledged = 2.0 * n / ((System.nanoTime() - started) / 1e9);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> count(modern,
                "SELECT count(*) FROM customer WHERE contact = 'http-last'") == 1);
        double applied = n / ((System.nanoTime() - started) / 1e9);
        receiver.close();
        await(receiver.stopped());
        return row("posts answered (each stored in strangler.sync_inbox first), " + n + " transactions of one"
                + " change + END", String.format(Locale.ROOT, "%.0f posts/s", acknowledged))
                + row("catch-up through the inbox, until the last is in modern", String.format(Locale.ROOT,
                "%.0f transactions/s", applied));
    }

    private static int post(HttpClient client, URI uri, JsonObject event) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.encode())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Both sides written at {@code rate}/s each for {@code seconds}; the sync's lag figures sampled every 250 ms. */
    private static String steady(ChangeSync sync, TestDatabase legacy, TestDatabase modern, List<String> keys,
                                 int rate, int seconds) throws Exception {
        List<Double> legacyLag = new ArrayList<>();
        List<Double> modernLag = new ArrayList<>();
        long intervalNanos = 1_000_000_000L / rate;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long nextSample = System.nanoTime();
        int i = 0;
        try (Connection l = legacy.connect(); Connection m = modern.connect();
             PreparedStatement onLegacy = l.prepareStatement(
                     "UPDATE customers SET company_name = ? WHERE customer_id = ?");
             PreparedStatement onModern = m.prepareStatement("UPDATE customer SET contact = ? WHERE id = ?")) {
            for (long next = System.nanoTime(); next < end; next += intervalNanos, i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                String user = keys.get(i % keys.size());
                onLegacy.setString(1, "steady " + i);
                onLegacy.setString(2, user);
                onLegacy.executeUpdate();
                onModern.setString(1, "steady " + i);
                onModern.setString(2, keys.get((i + keys.size() / 2) % keys.size()));
                onModern.executeUpdate();
                if (System.nanoTime() >= nextSample) {
                    legacyLag.add(sync.status().lagSeconds().getOrDefault("legacy_to_modern", 0.0));
                    modernLag.add(sync.status().lagSeconds().getOrDefault("modern_to_legacy", 0.0));
                    nextSample = System.nanoTime() + 250_000_000L;
                }
            }
        }
        long lastWrite = System.nanoTime();
        String lastName = "steady " + (i - 1);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> count(modern,
                "SELECT count(*) FROM customer WHERE name = '" + lastName + "'") == 1);
        double drained = (System.nanoTime() - lastWrite) / 1e9;
        return row("steady load, " + rate + " legacy + " + rate + " modern transactions/s for " + seconds + " s",
                i + " each side")
                + row("lag legacy -> modern (sync's figure, sampled): p50 / p95 / max",
                percentiles(legacyLag))
                + row("lag modern -> legacy (sync's figure, sampled): p50 / p95 / max", percentiles(modernLag))
                + row("last legacy write seen in modern after", String.format(Locale.ROOT, "%.2f s", drained));
    }

    private static String percentiles(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "no sample";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f s", sorted.get(sorted.size() / 2),
                sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.95))),
                sorted.get(sorted.size() - 1));
    }

    private static String row(String measure, String result) {
        return "| " + measure + " | " + result + " |\n";
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
