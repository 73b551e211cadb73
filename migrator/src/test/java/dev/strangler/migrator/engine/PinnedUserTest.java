package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.UserStateStore.PinChange;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 12, window 4: a user pinned to legacy is served by legacy, so no trigger may migrate them. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PinnedUserTest {

    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

    private Vertx vertx;
    private Migrator migrator;
    private TestDatabase legacy;
    private TestDatabase modern;

    @BeforeAll
    void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        this.legacy = legacy;
        this.modern = modern;
        Northwind.createSchemas(legacy, modern);
        vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("pins")
                .withExtensions(List.of()));
    }

    @AfterAll
    void stop() {
        migrator.close();
        await(vertx.close());
    }

    @Test
    void pinnedToLegacy_isNotMigratedByRequestCliOrForcedRun() {
        assertThat(await(migrator.states().pin("ALFKI", Upstream.LEGACY, NOW, "token:test", null)).applied())
                .isTrue();

        for (MigrationEngine.Outcome outcome : List.of(
                await(migrator.ensureMigrated("ALFKI", Trigger.REQUEST)),
                await(migrator.ensureMigrated("ALFKI", Trigger.BACKFILL)),
                await(migrator.migrate("ALFKI", Trigger.CLI, false)),
                await(migrator.migrate("ALFKI", Trigger.ADMIN, true)))) {
            assertThat(outcome).isInstanceOf(MigrationEngine.Outcome.NotAttempted.class);
            assertThat(outcome.detail()).contains("pinned to legacy");
            assertThat(outcome.servedByModern()).isFalse();
        }
        assertThat(await(migrator.states().find("ALFKI")).state()).isEqualTo(UserState.PENDING);
        assertThat(count(modern, "SELECT count(*) FROM customer WHERE id = 'ALFKI'")).isZero();
        assertThat(rows(legacy, "SELECT migrated_at FROM customers WHERE customer_id = 'ALFKI'").get(0)
                .get("migrated_at")).isNull();

        await(migrator.states().pin("ALFKI", null, NOW, "token:test", null));
        assertThat(await(migrator.ensureMigrated("ALFKI", Trigger.REQUEST)))
                .isInstanceOf(MigrationEngine.Outcome.Migrated.class);
    }

    @Test
    void pinnedToLegacy_isSkippedByTheBackfill() {
        await(migrator.states().pin("BERGS", Upstream.LEGACY, NOW, "token:test", null));

        Backfills.Summary summary = await(migrator.backfills().start(Backfills.Settings.defaults().withRate(0)
                .withWorkerId("pins").withSelects(key -> key.equals("BERGS") || key.equals("AROUT")),
                Backfills.Listener.NONE, Clock.systemUTC()).done());

        assertThat(summary.progress().migrated()).isEqualTo(1);
        assertThat(await(migrator.states().find("AROUT")).state()).isEqualTo(UserState.MIGRATED);
        assertThat(await(migrator.states().find("BERGS")).state()).isEqualTo(UserState.PENDING);
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'BERGS'")).isZero();
    }

    @Test
    void pinningAMigratedUserToLegacy_isRefusedPointingAtRollback() {
        await(migrator.ensureMigrated("ANATR", Trigger.REQUEST));

        PinChange refused = await(migrator.states().pin("ANATR", Upstream.LEGACY, NOW, "token:test", null));

        assertThat(refused.applied()).isFalse();
        assertThat(refused.refusal()).contains("MIGRATED").contains("rollback");
        assertThat(await(migrator.states().find("ANATR")).pin()).isNull();
        assertThat(await(migrator.states().pin("ANATR", Upstream.MODERN, NOW, "token:test", null)).applied())
                .isTrue();
    }
}
