package dev.strangler.bench.backfill;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.LedgerSnapshots;
import dev.strangler.config.LoadResult;
import dev.strangler.config.MigrationPlan;
import dev.strangler.demo.SqlScript;
import dev.strangler.demo.generator.DefectRates;
import dev.strangler.demo.generator.MessyDataGenerator;
import dev.strangler.demo.legacy.NorthwindDatabase;
import dev.strangler.demo.modern.ModernDatabase;
import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.Backfills.BatchWrites;
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
 * database with the same generator as {@code strangler generate}, then backfills its first users with the Northwind
 * plan at the default concurrency and no rate limit, after a warm-up run for the JIT, five times on five modern
 * databases (batches with multi-row
 * upserts, batches with {@code executeBatch}, source and hash snapshots, and one by one), compares the first run with
 * a set-based {@code INSERT ... SELECT} copy of the same rows, and reports users/s, rows/s, ledger bytes per entry,
 * and the CPU each side used: the legacy
 * database's backends (read from {@code /proc} for the PIDs {@code pg_stat_activity} lists for its database), the
 * modern database's, and this JVM's. Sizes come from {@code strangler.bench.customers} and
 * {@code strangler.bench.limit}; {@code strangler.bench.runs=first} runs only the warm-up and the first run (and the
 * copy), for quick comparisons and profiles; {@code strangler.bench.poolSize} and {@code strangler.bench.loadBatch}
 * override the engine's pool size and the backfill's batch size for experiments.
 */
@ExtendWith(PostgresExtension.class)
@EnabledIfSystemProperty(named = "strangler.bench", matches = "true")
class BackfillBenchmark {

    private static final double TICKS_PER_SECOND = 100.0;
    static final String MODERN_ROWS = "SELECT (SELECT count(*) FROM customer) + (SELECT count(*) FROM contact)"
            + " + (SELECT count(*) FROM address) + (SELECT count(*) FROM customer_order)"
            + " + (SELECT count(*) FROM order_line)";

    @Test
    void backfillRateAndLegacyLoad(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                                   @Postgres("modern_batched") TestDatabase modernBatched,
                                   @Postgres("modern_source") TestDatabase modernSource,
                                   @Postgres("modern_hash") TestDatabase modernHash,
                                   @Postgres("modern_one") TestDatabase modernOne,
                                   @Postgres("modern_warmup") TestDatabase modernWarmup) throws Exception {
        long customers = Long.getLong("strangler.bench.customers", 100_000);
        long limit = Long.getLong("strangler.bench.limit", 20_000);
        long oneByOneLimit = Long.getLong("strangler.bench.oneByOneLimit", limit / 4);
        String loadBefore = loadAverage();
        long generateStarted = System.nanoTime();
        new MessyDataGenerator(legacy::connect, Clock.systemUTC()).generate(customers, 1, DefectRates.uniform(0.05),
                done -> { });
        double generateSeconds = (System.nanoTime() - generateStarted) / 1e9;
        try (Connection connection = legacy.connect(); Statement statement = connection.createStatement()) {
            SqlScript.run(connection, SqlScript.resource(NorthwindDatabase.PATCH));
            statement.execute("VACUUM (ANALYZE) customers, orders, order_details");
        }
        Backfills.Settings batches = Backfills.Settings.defaults().withRate(0).withLimit(limit);
        if (Integer.getInteger("strangler.bench.loadBatch") != null) {
            batches = batches.withLoadBatch(Integer.getInteger("strangler.bench.loadBatch"));
        }
        run("warm-up (not reported)", legacy, modernWarmup, batches.withLimit(Math.min(limit, 2_000)),
                LedgerSnapshots.FULL);
        List<Run> runs = new ArrayList<>();
        runs.add(run("batches of 64, multi-row upserts, full snapshots", legacy, modern, batches,
                LedgerSnapshots.FULL));
        if (!"first".equals(System.getProperty("strangler.bench.runs", "all"))) {
            runs.add(run("batches of 64, executeBatch upserts, full snapshots", legacy, modernBatched,
                    batches.withWrites(BatchWrites.BATCHED), LedgerSnapshots.FULL));
            runs.add(run("batches of 64, multi-row upserts, source snapshots", legacy, modernSource, batches,
                    LedgerSnapshots.SOURCE));
            runs.add(run("batches of 64, multi-row upserts, hash snapshots", legacy, modernHash, batches,
                    LedgerSnapshots.HASH));
            runs.add(run("one by one (loadBatch 0), full snapshots", legacy, modernOne,
                    batches.withLoadBatch(0).withLimit(oneByOneLimit), LedgerSnapshots.FULL));
        }
        double copyRowsPerSecond = setBasedCopy(legacy, modern);
        Run reference = runs.get(0);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, """
                %,d legacy customers generated in %.0f s (seed 1, defect rate 0.05); %d cores; load average before \
                %s, after %s.

                | run | users | migrated / invalid / failed | users/s | rows/s | legacy DB CPU (of one core) \
                | modern DB CPU | JVM CPU | CPU ms per user: legacy + modern + JVM | ledger bytes per entry |
                |---|---:|---|---:|---:|---:|---:|---:|---|---:|
                """, customers, generateSeconds, Runtime.getRuntime().availableProcessors(), loadBefore,
                loadAverage()));
        for (Run run : runs) {
            report.append(run.row()).append('\n');
        }
        report.append(String.format(Locale.ROOT, """

                Set-based `INSERT ... SELECT` copy of the same %,d rows (the first run's migrated users, transformed \
                as the plan does, inside the legacy server): %.0f rows/s. First run / copy: **%.1f%%**.
                """, reference.rows, copyRowsPerSecond, 100 * reference.rowsPerSecond() / copyRowsPerSecond));
        System.out.println(report);
        String out = System.getProperty("strangler.bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString());
        }
    }

    /** One backfill on its own modern database, over the first users of the same legacy database. */
    private static Run run(String name, TestDatabase legacy, TestDatabase modern, Backfills.Settings settings,
                           LedgerSnapshots snapshots) throws Exception {
        try (Connection connection = modern.connect()) {
            ModernDatabase.create(connection);
        }
        MigrationPlan plan = plan(legacy, modern).withSnapshots(snapshots);
        Vertx vertx = Vertx.vertx();
        MigratorSettings migratorSettings = MigratorSettings.defaults(plan);
        if (Integer.getInteger("strangler.bench.poolSize") != null) {
            migratorSettings = migratorSettings.withPoolSize(Integer.getInteger("strangler.bench.poolSize"));
        }
        Migrator migrator = Migrator.start(vertx, plan, migratorSettings).await();
        long jvmCpuBefore = jvmCpuNanos();
        long started = System.nanoTime();
        Backfills.Summary summary;
        double legacyCpu;
        double modernCpu;
        double seconds;
        double jvmCpu;
        try {
            summary = migrator.backfills().start(settings, Backfills.Listener.NONE, Clock.systemUTC()).done()
                    .await();
            seconds = (System.nanoTime() - started) / 1e9;
            jvmCpu = (jvmCpuNanos() - jvmCpuBefore) / 1e9;
            legacyCpu = cpuSeconds(backends(legacy));
            modernCpu = cpuSeconds(backends(modern));
        } finally {
            migrator.close();
        }
        Run run = new Run(name, summary, seconds, legacyCpu, modernCpu, jvmCpu, count(modern, MODERN_ROWS),
                count(modern, "SELECT coalesce(sum(pg_column_size(l.*)), 0) FROM strangler.ledger l")
                        / Math.max(1, count(modern, "SELECT count(*) FROM strangler.ledger")));
        vertx.close().await();
        System.out.println(run.row());
        return run;
    }

    /**
     * The physical limit: the same users' rows, transformed as the plan does, copied by five set-based statements in
     * one transaction into a copy of the modern schema on the legacy server (no hop between databases).
     */
    private static double setBasedCopy(TestDatabase legacy, TestDatabase modern) throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection connection = modern.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM customer")) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        }
        try (Connection connection = legacy.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA copy; SET search_path = copy, public");
            SqlScript.run(connection, SqlScript.resource(ModernDatabase.SCHEMA),
                    SqlScript.resource(ModernDatabase.REFERENCE_DATA));
            connection.setAutoCommit(false);
            statement.execute("SET search_path = copy, public");
            String list = "(SELECT unnest(ARRAY['" + String.join("','", keys) + "']))";
            long start = System.nanoTime();
            long rows = statement.executeUpdate("INSERT INTO copy.customer (id, company_name, customer_since)"
                    + " SELECT customer_id, trim(company_name), customer_since::date FROM public.customers"
                    + " WHERE customer_id IN " + list);
            rows += statement.executeUpdate("INSERT INTO copy.contact (customer_id, name, title, email, phone, fax)"
                    + " SELECT customer_id, trim(contact_name), trim(contact_title), lower(trim(email)), trim(phone),"
                    + " trim(fax) FROM public.customers WHERE customer_id IN " + list);
            rows += statement.executeUpdate("INSERT INTO copy.address (customer_id, street, city, region,"
                    + " postal_code, country) SELECT customer_id, trim(address), trim(city), trim(region),"
                    + " trim(postal_code), trim(country) FROM public.customers WHERE customer_id IN " + list);
            rows += statement.executeUpdate("INSERT INTO copy.customer_order (id, customer_id, ordered_on,"
                    + " required_on, shipped_on, shipper_id, freight, ship_name, ship_street, ship_city, ship_region,"
                    + " ship_postal_code, ship_country) SELECT order_id, customer_id, order_date, required_date,"
                    + " shipped_date, ship_via, round(coalesce(freight, 0)::float8::numeric, 2), trim(ship_name),"
                    + " trim(ship_address), trim(ship_city), trim(ship_region), trim(ship_postal_code),"
                    + " trim(ship_country) FROM public.orders WHERE customer_id IN " + list);
            rows += statement.executeUpdate("INSERT INTO copy.order_line (order_id, product_id, unit_price,"
                    + " quantity, discount) SELECT d.order_id, d.product_id, round(d.unit_price::float8::numeric, 2),"
                    + " d.quantity, round(d.discount::float8::numeric, 3) FROM public.order_details d"
                    + " JOIN public.orders o ON o.order_id = d.order_id WHERE o.customer_id IN " + list);
            connection.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            long expected = count(modern, MODERN_ROWS);
            if (rows != expected) {
                throw new AssertionError("set-based copy moved " + rows + " rows, the backfill " + expected);
            }
            return rows / seconds;
        }
    }

    /** One run's figures. */
    private record Run(String name, Backfills.Summary summary, double seconds, double legacyCpu, double modernCpu,
                       double jvmCpu, long rows, long ledgerBytesPerEntry) {

        double rowsPerSecond() {
            return rows / seconds;
        }

        String row() {
            var p = summary.progress();
            double users = Math.max(1, p.done());
            return String.format(Locale.ROOT, "| %s | %,d | %,d / %,d / %,d | %.0f | %.0f | %.0f%% | %.0f%% | %.0f%% "
                            + "| %.2f + %.2f + %.2f = %.2f | %,d |",
                    name, p.done(), p.migrated(), p.invalid(), p.failed(), p.done() / seconds, rowsPerSecond(),
                    100 * legacyCpu / seconds, 100 * modernCpu / seconds, 100 * jvmCpu / seconds,
                    1000 * legacyCpu / users, 1000 * modernCpu / users, 1000 * jvmCpu / users,
                    1000 * (legacyCpu + modernCpu + jvmCpu) / users, ledgerBytesPerEntry);
        }
    }

    static MigrationPlan plan(TestDatabase legacy, TestDatabase modern) throws Exception {
        try (InputStream in = BackfillBenchmark.class.getClassLoader().getResourceAsStream("northwind-plan.yaml")) {
            LoadResult<MigrationPlan> loaded = ConfigLoader.parseMigrationPlan("northwind-plan.yaml",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Map.of("LEGACY_DB_URL", legacy.uri(), "MODERN_DB_URL", modern.uri()));
            return ((LoadResult.Valid<MigrationPlan>) loaded).value();
        }
    }

    static List<Long> backends(TestDatabase db) throws Exception {
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
    static double cpuSeconds(List<Long> pids) throws Exception {
        double total = 0;
        for (long pid : pids) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            try {
                String text = Files.readString(stat);
                String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            } catch (java.nio.file.NoSuchFileException gone) {
                // a backend that ended (a connection the pool closed) took its CPU time with it: not counted
            }
        }
        return total;
    }

    static long jvmCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    static long count(TestDatabase db, String sql) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
