package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.config.RollbackStep;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.rules.UserState;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollbackTest {

    /** Customer, orders placed in modern, and their lines, back into the test legacy schema. */
    static final List<RollbackStep> STEPS = List.of(
            new RollbackStep("SELECT id, name, contact, country FROM customer WHERE id = $1",
                    "UPDATE customers SET company_name = :name, contact_name = :contact, country = :country"
                            + " WHERE customer_id = :id"),
            new RollbackStep("SELECT id, customer_id, ordered_at, freight FROM customer_order"
                    + " WHERE customer_id = $1 ORDER BY id",
                    "INSERT INTO orders (order_id, customer_id, order_date, freight)"
                            + " VALUES (CAST(:id AS int4), :customer_id, CAST(:ordered_at AS date), :freight)"
                            + " ON CONFLICT (order_id) DO UPDATE SET order_date = EXCLUDED.order_date,"
                            + " freight = EXCLUDED.freight"),
            new RollbackStep("SELECT l.order_id, l.product_id, l.unit_price, l.quantity FROM order_line l"
                    + " JOIN customer_order o ON o.id = l.order_id WHERE o.customer_id = $1",
                    "INSERT INTO order_details VALUES (CAST(:order_id AS int4), CAST(:product_id AS int4),"
                            + " CAST(:unit_price AS numeric), CAST(:quantity AS int4))"
                            + " ON CONFLICT (order_id, product_id) DO UPDATE SET unit_price = EXCLUDED.unit_price,"
                            + " quantity = EXCLUDED.quantity"));

    private Vertx vertx;
    private Migrator migrator;
    private Migrator broken;
    private TestDatabase legacy;
    private TestDatabase modern;

    @BeforeAll
    void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        this.legacy = legacy;
        this.modern = modern;
        Northwind.createSchemas(legacy, modern);
        vertx = Vertx.vertx();
        MigrationPlan plan = withRollback(Northwind.plan(legacy, modern), STEPS);
        migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        MigrationPlan wrong = withRollback(plan, List.of(STEPS.get(0), new RollbackStep(
                "SELECT id FROM customer_order WHERE customer_id = $1",
                "UPDATE orders SET freight = :no_such_column WHERE order_id = CAST(:id AS int4)")));
        broken = Northwind.start(vertx, wrong, MigratorSettings.defaults(wrong).withExtensions(List.of()));
    }

    @AfterAll
    void stop() {
        migrator.close();
        broken.close();
        await(vertx.close());
    }

    static MigrationPlan withRollback(MigrationPlan plan, List<RollbackStep> steps) {
        return new MigrationPlan(plan.legacy(), plan.modern(), plan.timeout(), plan.retryAfter(), plan.users(),
                plan.entities(), plan.cleaned(), steps, plan.uncleaned(), plan.version());
    }

    @Test
    void rollback_writesModernChangesAndNewOrdersBackIntoLegacy() {
        assertThat(await(migrator.ensureMigrated("ALFKI", Trigger.REQUEST)))
                .isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        Northwind.run(modern, """
                UPDATE customer SET contact = 'Maria Anders-Weber' WHERE id = 'ALFKI';
                INSERT INTO customer_order VALUES (20500, 'ALFKI', '2026-01-05 00:00', 12.34);
                INSERT INTO order_line VALUES (20500, 11, 9.50, 4), (20500, 12, 1.25, 1);""");

        Rollbacks.Outcome outcome = await(migrator.rollback("ALFKI", Trigger.CLI));

        assertThat(outcome).isInstanceOf(Rollbacks.Outcome.RolledBack.class);
        assertThat(((Rollbacks.Outcome.RolledBack) outcome).rowsWritten()).isEqualTo(1 + 4 + 8);
        assertThat(rows(legacy, "SELECT contact_name, migrated_at IS NULL AS uncleaned FROM customers"
                + " WHERE customer_id = 'ALFKI'"))
                .containsExactly(Map.of("contact_name", "Maria Anders-Weber", "uncleaned", true));
        assertThat(rows(legacy, "SELECT freight FROM orders WHERE order_id = 20500 AND customer_id = 'ALFKI'"))
                .containsExactly(Map.of("freight", new BigDecimal("12.34")));
        assertThat(count(legacy, "SELECT count(*) FROM order_details WHERE order_id = 20500")).isEqualTo(2);
        assertThat(rows(modern, "SELECT state FROM strangler.user_state WHERE user_key = 'ALFKI'"))
                .containsExactly(Map.of("state", "ROLLED_BACK"));
        assertThat(rows(modern, "SELECT outcome, source_snapshot IS NOT NULL AS source,"
                + " target_snapshot -> 'step1' -> 0 ->> 'contact' AS contact FROM strangler.ledger"
                + " WHERE user_key = 'ALFKI' ORDER BY id DESC LIMIT 1"))
                .containsExactly(Map.of("outcome", "ROLLED_BACK", "source", true, "contact", "Maria Anders-Weber"));
    }

    @Test
    void rolledBackUser_isNotMigratedAgainUntilForced() {
        await(migrator.ensureMigrated("BERGS", Trigger.REQUEST));
        await(migrator.rollback("BERGS", Trigger.ADMIN));

        MigrationEngine.Outcome lazy = await(migrator.ensureMigrated("BERGS", Trigger.REQUEST));
        MigrationEngine.Outcome forced = await(migrator.migrate("BERGS", Trigger.CLI, true));

        assertThat(lazy).isInstanceOf(MigrationEngine.Outcome.NotAttempted.class);
        assertThat(lazy.state()).isEqualTo(UserState.ROLLED_BACK);
        assertThat(forced).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
    }

    @Test
    void rollback_holdsTheUsersRequestsWhileItRuns() {
        await(migrator.ensureMigrated("AROUT", Trigger.REQUEST));

        Future<Rollbacks.Outcome> rollback = migrator.rollback("AROUT", Trigger.CLI);
        assertThat(migrator.inFlight("AROUT")).isPresent();
        Future<MigrationEngine.Outcome> request = migrator.ensureMigrated("AROUT", Trigger.REQUEST);

        assertThat(await(rollback)).isInstanceOf(Rollbacks.Outcome.RolledBack.class);
        assertThat(await(request).state()).isEqualTo(UserState.ROLLED_BACK);
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'AROUT'")).isEqualTo(2);
    }

    @Test
    void userNotMigrated_isNotRolledBack() {
        Rollbacks.Outcome outcome = await(migrator.rollback("ANATR", Trigger.CLI));

        assertThat(outcome).isInstanceOf(Rollbacks.Outcome.NotRolledBack.class);
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ANATR'")).isZero();
    }

    @Test
    void failingStep_leavesLegacyUntouchedAndTheUserMigrated() {
        await(migrator.ensureMigrated("CONCU", Trigger.REQUEST));
        Northwind.run(modern, "UPDATE customer SET contact = 'Changed In Modern' WHERE id = 'CONCU'");

        Rollbacks.Outcome outcome = await(broken.rollback("CONCU", Trigger.CLI));

        assertThat(outcome).isInstanceOf(Rollbacks.Outcome.Failed.class);
        assertThat(outcome.detail()).contains(":no_such_column");
        assertThat(rows(legacy, "SELECT contact_name FROM customers WHERE customer_id = 'CONCU'"))
                .containsExactly(Map.of("contact_name", "Con Current"));
        assertThat(rows(modern, "SELECT state FROM strangler.user_state WHERE user_key = 'CONCU'"))
                .containsExactly(Map.of("state", "MIGRATED"));
    }
}
