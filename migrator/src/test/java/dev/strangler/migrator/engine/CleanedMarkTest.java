package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12, window 5: a rollback that commits between the cleaned marker's read and its mark must not leave a
 * rolled-back user marked as migrated in legacy. The test holds the user's lock as a rollback would, starts the
 * mark, and commits the rollback's state change before letting go.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CleanedMarkTest {

    private Vertx vertx;
    private Migrator migrator;
    private CleanedMarker marker;
    private TestDatabase legacy;
    private TestDatabase modern;

    @BeforeAll
    void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        this.legacy = legacy;
        this.modern = modern;
        Northwind.createSchemas(legacy, modern);
        vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        migrator = Northwind.start(vertx, plan,
                MigratorSettings.defaults(plan).withInstanceId("marks").withCleanedRepairEvery(Duration.ofHours(1))
                .withExtensions(List.of()));
        marker = migrator.marks().marker();
    }

    @AfterAll
    void stop() {
        migrator.close();
        await(vertx.close());
    }

    @Test
    void markAfterRollbackCommitted_writesNoMark() throws Exception {
        Boolean marked = rolledBackWhileMarking("AROUT", marker::mark);

        assertThat(marked).isFalse();
        assertThat(markedInLegacy("AROUT")).isFalse();
    }

    @Test
    void repairAfterRollbackCommitted_writesNoMark() throws Exception {
        Integer repaired = rolledBackWhileMarking("BERGS", key -> marker.repair());

        assertThat(repaired).isZero();
        assertThat(markedInLegacy("BERGS")).isFalse();
    }

    @Test
    void markOfAMigratedUser_isWrittenUnderTheLock() {
        owesMark("ANATR");

        assertThat(await(marker.mark("ANATR"))).isTrue();

        assertThat(markedInLegacy("ANATR")).isTrue();
        assertThat(rows(modern, "SELECT cleaned_pending FROM strangler.user_state WHERE user_key = 'ANATR'"))
                .containsExactly(Map.of("cleaned_pending", false));
    }

    /**
     * Makes the user migrated and owed a mark, takes their lock as a rollback does, starts {@code marking}, then
     * commits what a rollback commits (state {@code ROLLED_BACK}, no mark owed) and lets the lock go.
     */
    private <T> T rolledBackWhileMarking(String key, Function<String, Future<T>> marking) throws Exception {
        owesMark(key);
        Future<T> result;
        try (Connection connection = modern.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(hashtextextended('strangler.user:" + key + "', 0))");
            result = marking.apply(key);
            statement.execute("UPDATE strangler.user_state SET state = 'ROLLED_BACK', cleaned_pending = false"
                    + " WHERE user_key = '" + key + "'");
            connection.commit();
        }
        return await(result);
    }

    private void owesMark(String key) {
        Northwind.run(legacy, "INSERT INTO fault VALUES ('refuse', '" + key + "', 0)");
        await(migrator.ensureMigrated(key, Trigger.REQUEST));
        Northwind.run(legacy, "DELETE FROM fault WHERE user_key = '" + key + "'");
        assertThat(rows(modern, "SELECT state, cleaned_pending FROM strangler.user_state WHERE user_key = '"
                + key + "'")).containsExactly(Map.of("state", "MIGRATED", "cleaned_pending", true));
    }

    private boolean markedInLegacy(String key) {
        return rows(legacy, "SELECT migrated_at FROM customers WHERE customer_id = '" + key + "'").get(0)
                .get("migrated_at") != null;
    }
}
