package dev.strangler.bench.backfill;

import dev.strangler.config.ConfigLoader;
import dev.strangler.config.LoadResult;
import dev.strangler.config.MigrationPlan;
import dev.strangler.demo.SqlScript;
import dev.strangler.demo.generator.DefectRates;
import dev.strangler.demo.generator.MessyDataGenerator;
import dev.strangler.demo.legacy.NorthwindDatabase;
import dev.strangler.demo.modern.ModernDatabase;
import dev.strangler.migrator.BackfillListener;
import dev.strangler.migrator.BackfillSettings;
import dev.strangler.migrator.BackfillSummary;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The backfill benchmark (run by {@code bench/backfill.sh}, skipped in the normal build): generates a messy legacy
 * database with the same generator as {@code strangler generate}, then backfills it with the Northwind plan at the
 * default concurrency and no rate limit, and reports users/s, rows/s, and the CPU each side used: the legacy
 * database's backends (read from {@code /proc} for the PIDs {@code pg_stat_activity} lists for its database), the
 * modern database's, and this JVM's. Sizes come from {@code strangler.bench.customers} and
 * {@code strangler.bench.limit}.
 */
@ExtendWith(PostgresExtension.class)
@EnabledIfSystemProperty(named = "strangler.bench", matches = "true")
class BackfillBenchmark {

    private static final double TICKS_PER_SECOND = 100.0;

    @Test
    void backfillRateAndLegacyLoad(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern)
            throws Exception {
        long customers = Long.getLong("strangler.bench.customers", 100_000);
        long limit = Long.getLong("strangler.bench.limit", 20_000);
        long generateStarted = System.nanoTime();
        new MessyDataGenerator(legacy::connect, Clock.systemUTC()).generate(customers, 1, DefectRates.uniform(0.05),
                done -> { });
        double generateSeconds = (System.nanoTime() - generateStarted) / 1e9;
        try (Connection connection = legacy.connect()) {
            SqlScript.run(connection, SqlScript.resource(NorthwindDatabase.PATCH));
        }
        try (Connection connection = modern.connect()) {
            ModernDatabase.create(connection);
        }
        MigrationPlan plan = plan(legacy, modern);
        Vertx vertx = Vertx.vertx();
        Migrator migrator = Migrator.start(vertx, plan, MigratorSettings.defaults(plan)).await();
        long jvmCpuBefore = jvmCpuNanos();
        long started = System.nanoTime();
        BackfillSummary summary;
        List<Long> legacyBackends;
        List<Long> modernBackends;
        try {
            BackfillSettings settings = BackfillSettings.defaults().withRate(0).withLimit(limit);
            summary = migrator.backfills().start(settings, BackfillListener.NONE, Clock.systemUTC()).done()
                    .await();
            legacyBackends = backends(legacy);
            modernBackends = backends(modern);
        } finally {
            migrator.close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double legacyCpu = cpuSeconds(legacyBackends);
        double modernCpu = cpuSeconds(modernBackends);
        double jvmCpu = (jvmCpuNanos() - jvmCpuBefore) / 1e9;
        vertx.close().await();
        long rows = count(modern, "SELECT (SELECT count(*) FROM customer) + (SELECT count(*) FROM contact)"
                + " + (SELECT count(*) FROM address) + (SELECT count(*) FROM customer_order)"
                + " + (SELECT count(*) FROM order_line)");
        int cores = Runtime.getRuntime().availableProcessors();
        String report = String.format(Locale.ROOT, """
                | measure | value |
                |---|---|
                | legacy customers generated | %,d (in %.0f s) |
                | users backfilled (limit) | %,d (%,d migrated, %,d invalid, %,d failed) |
                | wall time | %.1f s |
                | users/s | %.0f |
                | modern rows written | %,d |
                | rows/s | %.0f |
                | legacy backends' CPU | %.1f s = %.0f%% of one core, %.0f%% of the machine (%d cores) |
                | modern backends' CPU | %.1f s = %.0f%% of one core |
                | JVM CPU | %.1f s = %.0f%% of one core |
                | load average at the end | %s |
                """, customers, generateSeconds, summary.progress().done(), summary.progress().migrated(),
                summary.progress().invalid(), summary.progress().failed(), seconds, summary.progress().done() / seconds,
                rows, rows / seconds, legacyCpu, 100 * legacyCpu / seconds, 100 * legacyCpu / seconds / cores, cores,
                modernCpu, 100 * modernCpu / seconds, jvmCpu, 100 * jvmCpu / seconds, loadAverage());
        System.out.println(report);
        String out = System.getProperty("strangler.bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report);
        }
    }

    private static MigrationPlan plan(TestDatabase legacy, TestDatabase modern) throws Exception {
        try (InputStream in = BackfillBenchmark.class.getClassLoader().getResourceAsStream("northwind-plan.yaml")) {
            LoadResult<MigrationPlan> loaded = ConfigLoader.parseMigrationPlan("northwind-plan.yaml",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Map.of("LEGACY_DB_URL", legacy.uri(), "MODERN_DB_URL", modern.uri()));
            return ((LoadResult.Valid<MigrationPlan>) loaded).value();
        }
    }

    private static List<Long> backends(TestDatabase db) throws Exception {
        List<Long> pids = new ArrayList<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            while (rows.next()) {
                pids.add(rows.getLong(1));
            }
        }
        return pids;
    }

    /** utime + stime of the processes, from /proc/PID/stat (fields 14 and 15, in clock ticks). */
    private static double cpuSeconds(List<Long> pids) throws Exception {
        double total = 0;
        for (long pid : pids) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (Files.exists(stat)) {
                String text = Files.readString(stat);
                String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            }
        }
        return total;
    }

    private static long jvmCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
