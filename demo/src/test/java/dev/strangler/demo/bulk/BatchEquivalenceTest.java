package dev.strangler.demo.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationPlan;
import dev.strangler.demo.generator.DefectRates;
import dev.strangler.demo.generator.MessyDataGenerator;
import dev.strangler.demo.legacy.NorthwindDatabase;
import dev.strangler.demo.modern.ModernDatabase;
import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The backfill's set-based load path gives every user exactly what the per-user path gives: the same outcomes, the
 * same modern rows, the same state rows and the same ledger entries (times aside), on the demo's Northwind data and
 * on generated messy data. Each run has its own legacy and modern database, loaded with the same data.
 */
@ExtendWith(PostgresExtension.class)
class BatchEquivalenceTest {

    private static final List<String> MODERN_TABLES = List.of("customer", "contact", "address", "customer_order",
            "order_line");

    @Test
    void northwind_batchesGiveWhatOneByOneGives(@Postgres("nw-legacy-1") TestDatabase legacyOne,
                                                @Postgres("nw-modern-1") TestDatabase modernOne,
                                                @Postgres("nw-legacy-n") TestDatabase legacyBatch,
                                                @Postgres("nw-modern-n") TestDatabase modernBatch) throws Exception {
        for (TestDatabase legacy : List.of(legacyOne, legacyBatch)) {
            try (Connection connection = legacy.connect()) {
                NorthwindDatabase.load(connection);
            }
        }
        assertSameResults(legacyOne, modernOne, legacyBatch, modernBatch, 3);
    }

    @Test
    void generatedMessyData_batchesGiveWhatOneByOneGives(@Postgres("gen-legacy-1") TestDatabase legacyOne,
                                                         @Postgres("gen-modern-1") TestDatabase modernOne,
                                                         @Postgres("gen-legacy-n") TestDatabase legacyBatch,
                                                         @Postgres("gen-modern-n") TestDatabase modernBatch)
            throws Exception {
        for (TestDatabase legacy : List.of(legacyOne, legacyBatch)) {
            new MessyDataGenerator(legacy::connect, Clock.systemUTC()).generate(400, 7, DefectRates.uniform(0.05),
                    done -> { });
            try (Connection connection = legacy.connect()) {
                NorthwindDatabase.patch(connection);
            }
        }
        assertSameResults(legacyOne, modernOne, legacyBatch, modernBatch, 50);
    }

    private static void assertSameResults(TestDatabase legacyOne, TestDatabase modernOne, TestDatabase legacyBatch,
                                          TestDatabase modernBatch, int minimumInvalid) throws Exception {
        Map<String, String> oneByOne = backfill(legacyOne, modernOne, 0);
        Map<String, String> batches = backfill(legacyBatch, modernBatch, 16);

        assertThat(oneByOne.values()).filteredOn(o -> o.startsWith("Invalid")).hasSizeGreaterThanOrEqualTo(
                minimumInvalid);
        assertThat(oneByOne.values()).filteredOn(o -> o.startsWith("Migrated")).isNotEmpty();
        assertThat(batches).isEqualTo(oneByOne);
        for (String table : MODERN_TABLES) {
            assertThat(rows(modernBatch, "SELECT (to_jsonb(t) - 'created_at' - 'updated_at')::text FROM " + table
                    + " t ORDER BY 1")).as(table).isEqualTo(rows(modernOne, "SELECT (to_jsonb(t) - 'created_at'"
                    + " - 'updated_at')::text FROM " + table + " t ORDER BY 1"));
        }
        String states = "SELECT concat_ws('|', user_key, state, attempts, last_error, cleaned_pending,"
                + " cleaned_at IS NOT NULL, cleaned_tries, cleaned_error, claimed_by, pin) FROM strangler.user_state"
                + " ORDER BY user_key";
        assertThat(rows(modernBatch, states)).isEqualTo(rows(modernOne, states));
        String ledger = "SELECT concat_ws('|', user_key, attempt, trigger, plan_version, source_snapshot::text,"
                + " target_snapshot::text, errors::text, instance_id, outcome) FROM strangler.ledger"
                + " ORDER BY user_key, attempt";
        assertThat(rows(modernBatch, ledger)).isEqualTo(rows(modernOne, ledger));
        String cleaned = "SELECT concat_ws('|', customer_id, migrated_at IS NOT NULL) FROM customers ORDER BY 1";
        assertThat(rows(legacyBatch, cleaned)).isEqualTo(rows(legacyOne, cleaned));
        String marks = "SELECT l.user_key FROM strangler.ledger_cleaned c JOIN strangler.ledger l ON l.id = c.ledger_id"
                + " ORDER BY 1";
        assertThat(rows(modernBatch, marks)).isEqualTo(rows(modernOne, marks));
    }

    /** Backfills every user, {@code loadBatch} at a time (0: one by one); user key to outcome and violations. */
    private static Map<String, String> backfill(TestDatabase legacy, TestDatabase modern, int loadBatch)
            throws Exception {
        try (Connection connection = modern.connect()) {
            ModernDatabase.create(connection);
        }
        MigrationPlan plan = plan(legacy, modern);
        Vertx vertx = Vertx.vertx();
        // A mark delay of 1 s, not half of the 60 s timeout: the marks are deferred as in production, and closing
        // the migrator (which writes them before the states are compared) does not wait 30 s per run.
        Migrator migrator = Migrator.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("equivalence")
                .withExtensions(List.of()).withMarkDelay(Duration.ofSeconds(1))).await();
        Map<String, String> outcomes = new ConcurrentHashMap<>();
        try {
            Backfills.Settings settings = Backfills.Settings.defaults().withRate(0).withConcurrency(3).withBatchSize(48)
                    .withLoadBatch(loadBatch).withWorkerId("equivalence");
            Backfills.Summary summary = migrator.backfills().start(settings, new Backfills.Listener() {
                @Override
                public void attempted(MigrationEngine.Outcome outcome, Duration took) {
                    outcomes.put(outcome.userKey(), outcome instanceof MigrationEngine.Outcome.Migrated ? "Migrated"
                            : outcome instanceof MigrationEngine.Outcome.Invalid invalid ? "Invalid "
                                    + invalid.violations()
                            : outcome.getClass().getSimpleName() + " " + outcome.detail());
                }
            }, Clock.systemUTC()).done().await();
            assertThat(summary.progress().failed()).isZero();
        } finally {
            migrator.close();
            vertx.close().await();
        }
        return new TreeMap<>(outcomes);
    }

    /** The demo's plan, with a timeout no busy machine reaches: this test is about outcomes, not time. */
    private static MigrationPlan plan(TestDatabase legacy, TestDatabase modern) throws Exception {
        try (InputStream in = BatchEquivalenceTest.class.getClassLoader().getResourceAsStream("northwind-plan.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).contains("  timeout: 2s\n");
            return ConfigLoader.parseMigrationPlan("northwind-plan.yaml", text.replace("  timeout: 2s\n",
                            "  timeout: 60s\n"),
                    Map.of("LEGACY_DB_URL", legacy.uri(), "MODERN_DB_URL", modern.uri())).orElseThrow();
        }
    }

    private static List<String> rows(TestDatabase db, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
