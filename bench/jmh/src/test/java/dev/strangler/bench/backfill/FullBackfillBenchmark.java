package dev.strangler.bench.backfill;

import dev.strangler.config.MigrationPlan;
import dev.strangler.demo.SqlScript;
import dev.strangler.demo.generator.DefectRates;
import dev.strangler.demo.generator.MessyDataGenerator;
import dev.strangler.demo.legacy.NorthwindDatabase;
import dev.strangler.demo.modern.ModernDatabase;
import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The full backfill (run by {@code bench/backfill-million.sh}, skipped in the normal build): generates
 * {@code strangler.bench.customers} messy legacy customers (default 1,000,000) and backfills every one of them once,
 * with the default settings and no rate limit, no warm-up and no second run (a run that fails is started again, as
 * an operator would; it resumes from the state table, and the restarts are reported). Reports the generation time, the
 * backfill's time, users/s and rows/s, the CPU of each side, and the final counts read back from the state table,
 * checked against the run's own summary and against the number of customers.
 */
@ExtendWith(PostgresExtension.class)
@EnabledIfSystemProperty(named = "strangler.bench", matches = "true")
class FullBackfillBenchmark {

    private static final long PROGRESS_EVERY_NANOS = 30_000_000_000L;
    /** A run that fails (a pool wait past {@code migration.timeout} on a loaded machine) is started again. */
    private static final int MAX_RESTARTS = 5;

    @Test
    void everyUserOnce(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern)
            throws Exception {
        long customers = Long.getLong("strangler.bench.customers", 1_000_000);
        String loadAtStart = BackfillBenchmark.loadAverage();
        long generateStarted = System.nanoTime();
        new MessyDataGenerator(legacy::connect, Clock.systemUTC()).generate(customers, 1, DefectRates.uniform(0.05),
                done -> { });
        double generateSeconds = (System.nanoTime() - generateStarted) / 1e9;
        try (Connection connection = legacy.connect(); Statement statement = connection.createStatement()) {
            SqlScript.run(connection, SqlScript.resource(NorthwindDatabase.PATCH));
            statement.execute("VACUUM (ANALYZE) customers, orders, order_details");
        }
        System.out.printf(Locale.ROOT, "generated %,d customers in %.0f s; load average %s%n", customers,
                generateSeconds, BackfillBenchmark.loadAverage());
        try (Connection connection = modern.connect()) {
            ModernDatabase.create(connection);
        }
        MigrationPlan plan = BackfillBenchmark.plan(legacy, modern);
        Vertx vertx = Vertx.vertx();
        Migrator migrator = Migrator.start(vertx, plan, MigratorSettings.defaults(plan)).await();
        String loadAtBackfill = BackfillBenchmark.loadAverage();
        long jvmCpuBefore = BackfillBenchmark.jvmCpuNanos();
        long started = System.nanoTime();
        double seconds;
        double jvmCpu;
        double legacyCpu;
        double modernCpu;
        List<String> restarts = new ArrayList<>();
        try {
            while (true) {
                try {
                    migrator.backfills().start(Backfills.Settings.defaults().withRate(0), printer(),
                            Clock.systemUTC()).done().await();
                    break;
                } catch (Exception failed) {
                    if (restarts.size() == MAX_RESTARTS) {
                        throw failed;
                    }
                    restarts.add(String.format(Locale.ROOT, "after %.0f s: %s", (System.nanoTime() - started) / 1e9,
                            failed));
                    System.out.println("backfill failed, started again (it resumes from the state table): "
                            + restarts.get(restarts.size() - 1));
                }
            }
            seconds = (System.nanoTime() - started) / 1e9;
            jvmCpu = (BackfillBenchmark.jvmCpuNanos() - jvmCpuBefore) / 1e9;
            legacyCpu = BackfillBenchmark.cpuSeconds(BackfillBenchmark.backends(legacy));
            modernCpu = BackfillBenchmark.cpuSeconds(BackfillBenchmark.backends(modern));
        } finally {
            migrator.close();
        }
        vertx.close().await();
        String loadAtEnd = BackfillBenchmark.loadAverage();
        Map<String, Long> states = states(modern);
        long rows = BackfillBenchmark.count(modern, BackfillBenchmark.MODERN_ROWS);
        long sum = states.getOrDefault("MIGRATED", 0L) + states.getOrDefault("INVALID", 0L)
                + states.getOrDefault("FAILED", 0L);
        String report = String.format(Locale.ROOT, """
                %,d legacy customers generated in %.0f s (seed 1, defect rate 0.05); %d cores; load average at the \
                start %s, when the backfill started %s, at the end %s.

                | measure | value |
                |---|---|
                | backfill runs | %d (%s) |
                | state table at the end | %s |
                | MIGRATED + INVALID + FAILED | %,d (%s %,d customers) |
                | wall time | %.0f s (%.1f min) |
                | users/s | %.0f |
                | modern rows written | %,d |
                | rows/s | %.0f |
                | legacy DB CPU | %.0f s = %.0f%% of one core (%.2f ms per user) |
                | modern DB CPU | %.0f s = %.0f%% of one core (%.2f ms per user) |
                | JVM CPU | %.0f s = %.0f%% of one core (%.2f ms per user) |
                """, customers, generateSeconds, Runtime.getRuntime().availableProcessors(), loadAtStart,
                loadAtBackfill, loadAtEnd, restarts.size() + 1, restarts.isEmpty() ? "no restart"
                        : "started again " + String.join("; ", restarts), states, sum,
                sum == customers ? "=" : "≠", customers, seconds, seconds / 60, sum / seconds, rows,
                rows / seconds, legacyCpu, 100 * legacyCpu / seconds, 1000 * legacyCpu / Math.max(1, sum),
                modernCpu, 100 * modernCpu / seconds, 1000 * modernCpu / Math.max(1, sum), jvmCpu,
                100 * jvmCpu / seconds, 1000 * jvmCpu / Math.max(1, sum));
        System.out.println(report);
        String out = System.getProperty("strangler.bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report);
        }
        if (sum != customers) {
            throw new AssertionError("MIGRATED + INVALID + FAILED = " + sum + ", expected " + customers);
        }
    }

    /** Prints the progress every 30 seconds, so a long run can be followed in its log. */
    private static Backfills.Listener printer() {
        AtomicLong last = new AtomicLong(System.nanoTime());
        return new Backfills.Listener() {
            @Override
            public void progress(Backfills.Progress progress) {
                long now = System.nanoTime();
                long before = last.get();
                if (now - before >= PROGRESS_EVERY_NANOS && last.compareAndSet(before, now)) {
                    System.out.printf(Locale.ROOT, "%s: %,d of %,d done (%,d migrated, %,d invalid, %,d failed)"
                                    + " after %d s; load average %s%n", java.time.Instant.now(), progress.done(),
                            progress.total(), progress.migrated(), progress.invalid(), progress.failed(),
                            progress.elapsed().toSeconds(), loadAverageOrUnknown());
                }
            }
        };
    }

    private static String loadAverageOrUnknown() {
        try {
            return BackfillBenchmark.loadAverage();
        } catch (Exception unreadable) {
            return "unknown";
        }
    }

    private static Map<String, Long> states(TestDatabase modern) throws Exception {
        Map<String, Long> states = new TreeMap<>();
        try (Connection connection = modern.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT state, count(*) FROM strangler.user_state"
                     + " GROUP BY state")) {
            while (rows.next()) {
                states.put(rows.getString(1), rows.getLong(2));
            }
        }
        return states;
    }
}
