package dev.strangler.migrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, regression: {@code strangler audit} (read-only) on a never-migrated modern printed
 * {@code WARNING: cleaned-mark repair failed: ... relation "strangler.user_state" does not exist}. A migrator only
 * created runs no repair; the repair starts with the schema upgrade, a write.
 */
@ExtendWith(PostgresExtension.class)
class ReadOnlyMigratorTest {

    @Test
    void createdMigrator_runsNoRepair_untilTheSchemaIsUpgraded(@Postgres("legacy") TestDatabase legacy,
                                                                @Postgres("modern") TestDatabase modern)
            throws Exception {
        Northwind.createSchemas(legacy, modern);
        MigrationPlan plan = Northwind.plan(legacy, modern);
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(CleanedMarker.class.getName());
        logger.addHandler(recorder);
        Vertx vertx = Vertx.vertx();
        Migrator migrator = Migrator.create(vertx, plan, MigratorSettings.defaults(plan)
                .withCleanedRepairEvery(Duration.ofMillis(10)).withExtensions(List.of()));
        try {
            Northwind.await(migrator.check()); // both pools have connected: a repair would run at once now
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> warnings.stream().noneMatch(w -> w.contains("repair")));
            assertThat(Northwind.count(modern, "SELECT count(*) FROM pg_namespace WHERE nspname = 'strangler'"))
                    .isZero();
        } finally {
            logger.removeHandler(recorder);
            migrator.close();
            Northwind.await(vertx.close());
        }
    }
}
