package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.metrics.MigrationTracing;
import dev.strangler.proxy.metrics.ObservedMigrations;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics behind the alerts on a migration backlog (each test has databases of its own):
 * {@code strangler_held_requests} counts the requests waiting for their user's migration while it runs, and
 * {@code strangler_cleaned_pending_users} and {@code strangler_cleaned_pending_oldest_seconds} show cleaned marks
 * that legacy keeps refusing.
 */
@ExtendWith(PostgresExtension.class)
class MigrationBacklogMetricsTest {

    @Test
    void heldRequests_countTheAsksThatFindAMigrationInFlight_untilItEnds(
            @Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        TinyNorthwind.create(legacy, modern);
        Vertx vertx = Vertx.vertx();
        StranglerConfig config = ConfigLoader.parse("strangler.yaml",
                TinyNorthwind.config(legacy, modern, 1, 2), Map.of()).orElseThrow();
        Migrator migrator = Migrator.start(vertx, config.migration(),
                MigratorSettings.defaults(config.migration())).await();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ObservedMigrations migrations = new ObservedMigrations(migrator.engine(), config.migration(), registry,
                new EventLog(System.out, Clock.systemUTC(), true), MigrationTracing.global());
        try (Connection blocker = legacy.connect(); Statement statement = blocker.createStatement()) {
            // The migration's read of legacy waits behind this lock until the test lets it go.
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE");
            Future<MigrationEngine.Outcome> migration = migrations.migrate("ALFKI", Trigger.ADMIN, false);

            Optional<Future<MigrationEngine.Outcome>> first = migrations.inFlight("ALFKI");
            Optional<Future<MigrationEngine.Outcome>> second = migrations.inFlight("ALFKI");
            Optional<Future<MigrationEngine.Outcome>> nobody = migrations.inFlight("ANATR");

            assertThat(first).isPresent();
            assertThat(second).isPresent();
            assertThat(nobody).isEmpty();
            assertThat(held(registry)).isEqualTo(2);
            blocker.commit();
            assertThat(migration.await().ledgerOutcome()).isEqualTo("MIGRATED");
            await().atMost(Duration.ofSeconds(10)).until(() -> held(registry) == 0);
        } finally {
            migrator.close();
            vertx.close().await();
        }
    }

    @Test
    void cleanedMarksLegacyRefuses_areCountedWithTheAgeOfTheOldest(
            @Postgres("refusingLegacy") TestDatabase legacy, @Postgres("refusedModern") TestDatabase modern,
            @TempDir Path folder) throws Exception {
        TinyNorthwind.create(legacy, modern);
        legacy.execute("""
                CREATE FUNCTION refuse_mark() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'legacy refuses the cleaned mark'; END $$;
                CREATE TRIGGER refuse_mark BEFORE UPDATE OF migrated_at ON customers
                    FOR EACH ROW WHEN (NEW.customer_id = 'ALFKI') EXECUTE FUNCTION refuse_mark();
                """);
        Vertx vertx = Vertx.vertx();
        RunningStrangler strangler = null;
        try {
            EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
            EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
            Path file = folder.resolve("strangler.yaml");
            Files.writeString(file, TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port()));
            strangler = RunningStrangler.start(vertx, file);
            strangler.server().control().gauges().refresh().await();
            String before = strangler.admin("GET", "/metrics", null).body();

            assertThat(strangler.admin("POST", "/admin/users/ANATR/migrate", null).statusCode()).isEqualTo(200);
            assertThat(strangler.admin("POST", "/admin/users/ALFKI/migrate", null).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> modern.count("SELECT count(*)"
                    + " FROM strangler.user_state WHERE user_key = 'ANATR' AND NOT cleaned_pending") == 1);
            modern.execute("UPDATE strangler.user_state SET last_attempt_at = now() - interval '1 hour'"
                    + " WHERE user_key = 'ALFKI'");
            strangler.server().control().gauges().refresh().await();
            String after = strangler.admin("GET", "/metrics", null).body();

            assertThat(value(before, "strangler_cleaned_pending_users")).isZero();
            assertThat(value(before, "strangler_cleaned_pending_oldest_seconds")).isZero();
            assertThat(value(after, "strangler_cleaned_pending_users")).as("ANATR's mark was written").isEqualTo(1);
            assertThat(value(after, "strangler_cleaned_pending_oldest_seconds")).isBetween(3600.0, 3700.0);
        } finally {
            if (strangler != null) {
                strangler.stop();
            }
            vertx.close().await();
        }
    }

    private static double held(SimpleMeterRegistry registry) {
        return registry.get("strangler.held.requests").gauge().value();
    }

    private static double value(String scrape, String metric) {
        Matcher sample = Pattern.compile("(?m)^" + metric + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        assertThat(sample.find()).as("%s in the scrape", metric).isTrue();
        return Double.parseDouble(sample.group(1));
    }
}
