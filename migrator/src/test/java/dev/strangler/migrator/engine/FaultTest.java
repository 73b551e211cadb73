package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fault between the steps of an attempt never leaves a user half-migrated, is recorded, and the next attempt
 * converges.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultTest {

    private Vertx vertx;
    private TestDatabase legacy;
    private TestDatabase modern;
    private MigrationPlan plan;
    private Migrator healthy;

    @BeforeAll
    void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        this.legacy = legacy;
        this.modern = modern;
        Northwind.createSchemas(legacy, modern);
        vertx = Vertx.vertx();
        plan = Northwind.plan(legacy, modern);
        healthy = Northwind.start(vertx, plan, settings(plan));
    }

    @AfterAll
    void stop() {
        healthy.close();
        await(vertx.close());
    }

    @Test
    void legacyDown_failsAndIsRecorded_thenConverges() throws Exception {
        MigrationPlan broken = Northwind.plan(closedPort(), modern.uri(), plan.timeout(), Map.of());
        MigrationEngine.Outcome outcome;
        try (Migrator migrator = Northwind.start(vertx, broken, settings(broken))) {
            outcome = await(migrator.ensureMigrated("ALFKI", Trigger.REQUEST));
        }

        assertThat(outcome).isInstanceOf(MigrationEngine.Outcome.Failed.class);
        assertNothingMigrated("ALFKI");
        assertThat(rows(modern, "SELECT state FROM strangler.user_state WHERE user_key = 'ALFKI'"))
                .containsExactly(Map.of("state", "FAILED"));
        assertThat(rows(modern, "SELECT outcome FROM strangler.ledger WHERE user_key = 'ALFKI'"))
                .containsExactly(Map.of("outcome", "FAILED"));
        assertConverges("ALFKI");
    }

    @Test
    void modernDown_outcomeUnknown_notFailed_nothingRecorded_thenConverges() throws Exception {
        MigrationPlan broken = Northwind.plan(legacy.uri(), closedPort(), plan.timeout(), Map.of());
        MigrationEngine.Outcome outcome;
        try (Migrator migrator = Migrator.create(vertx, broken, settings(broken))) {
            outcome = await(migrator.ensureMigrated("ANATR", Trigger.REQUEST));
        }

        assertThat(outcome).as("the state could not be read").isInstanceOf(MigrationEngine.Outcome.Unknown.class);
        assertThat(outcome.state()).isNull();
        assertNothingMigrated("ANATR");
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ANATR'")).isZero();
        assertConverges("ANATR");
    }

    @Test
    void failureThatCannotBeRecorded_isUnknown_notFailed() throws Exception {
        MigrationPlan broken = Northwind.plan(legacy.uri(), closedPort(), plan.timeout(), Map.of());
        MigrationEngine.Outcome outcome;
        try (Migrator migrator = Migrator.create(vertx, broken, settings(broken))) {
            outcome = await(migrator.migrate("AROUT", Trigger.CLI, false));
        }

        assertThat(outcome).as("attempted without a state read; its failure record could not be written")
                .isInstanceOf(MigrationEngine.Outcome.Unknown.class);
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'AROUT'")).isZero();
        assertConverges("AROUT");
    }

    @Test
    void hardStopWhileCommitIsInFlight_isUnknown_notFailed_andTheCommitLands() throws Exception {
        // The COMMIT blocks in a deferred trigger on an advisory lock this test holds, until the attempt's hard stop
        // has answered; no race with the machine's speed (a 10 s sleep and a 3 s timeout failed at load 20, the
        // attempt not reaching its COMMIT before the deadline). The trigger waits without the session's
        // lock_timeout, which would otherwise fail the COMMIT instead of letting it land late.
        Northwind.run(modern, "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql SET lock_timeout = 0 AS $$ BEGIN"
                + " IF NEW.id = 'BERGS' THEN PERFORM pg_advisory_lock(4242); PERFORM pg_advisory_unlock(4242);"
                + " END IF; RETURN NULL; END $$");
        Northwind.run(modern, "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON customer"
                + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()");
        MigrationPlan quick = Northwind.plan(legacy.uri(), modern.uri(), Duration.ofSeconds(10), Map.of());
        MigrationEngine.Outcome outcome;
        try (java.sql.Connection gate = modern.connect();
             Migrator migrator = Northwind.start(vertx, quick,
                     settings(quick).withStatementTimeout(Duration.ofSeconds(120)))) {
            try (java.sql.Statement statement = gate.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(4242)");
            }
            outcome = await(migrator.ensureMigrated("BERGS", Trigger.REQUEST));
            try (java.sql.Statement statement = gate.createStatement()) {
                statement.execute("SELECT pg_advisory_unlock(4242)");
            }
            Awaitility.await("the commit lands").atMost(Duration.ofSeconds(60)).until(() -> rows(modern,
                    "SELECT state FROM strangler.user_state WHERE user_key = 'BERGS'")
                    .equals(List.of(Map.of("state", "MIGRATED"))));
        } finally {
            Northwind.run(modern, "DROP TRIGGER slow_commit ON customer");
            Northwind.run(modern, "DROP FUNCTION slow_commit()");
        }

        assertThat(outcome).as("the hard stop fired while COMMIT was in flight")
                .isInstanceOf(MigrationEngine.Outcome.Unknown.class);
        assertThat(rows(modern, "SELECT outcome FROM strangler.ledger WHERE user_key = 'BERGS'"))
                .containsExactly(Map.of("outcome", "MIGRATED"));
    }

    @Test
    void statementTimeoutInFetch_fails_thenConverges() {
        Northwind.run(legacy, "INSERT INTO fault VALUES ('slow', 'SLOWW', 5)");
        MigrationEngine.Outcome outcome;
        try (Migrator migrator = Northwind.start(vertx, plan,
                settings(plan).withStatementTimeout(Duration.ofMillis(300)))) {
            outcome = await(migrator.ensureMigrated("SLOWW", Trigger.REQUEST));
        }
        Northwind.run(legacy, "DELETE FROM fault WHERE user_key = 'SLOWW'");

        assertThat(outcome).isInstanceOfSatisfying(MigrationEngine.Outcome.Failed.class,
                failed -> assertThat(failed.cause()).contains("statement timeout"));
        assertNothingMigrated("SLOWW");
        assertConverges("SLOWW");
    }

    @Test
    void migrationTimeout_rollsBackAndRecordsTimeout_thenConverges() {
        Northwind.run(legacy, "INSERT INTO fault VALUES ('slow', 'TIMEO', 5)");
        MigrationPlan quick = Northwind.plan(legacy.uri(), modern.uri(), Duration.ofMillis(500), Map.of());
        MigrationEngine.Outcome outcome;
        try (Migrator migrator = Northwind.start(vertx, quick,
                settings(quick).withStatementTimeout(Duration.ofSeconds(30)))) {
            outcome = await(migrator.ensureMigrated("TIMEO", Trigger.REQUEST));
        }
        Northwind.run(legacy, "DELETE FROM fault WHERE user_key = 'TIMEO'");

        assertThat(outcome).isEqualTo(new MigrationEngine.Outcome.TimedOut("TIMEO", Duration.ofMillis(500)));
        assertNothingMigrated("TIMEO");
        assertThat(rows(modern, "SELECT state FROM strangler.user_state WHERE user_key = 'TIMEO'"))
                .containsExactly(Map.of("state", "FAILED"));
        assertThat(rows(modern, "SELECT outcome FROM strangler.ledger WHERE user_key = 'TIMEO'"))
                .containsExactly(Map.of("outcome", "TIMEOUT"));
        assertConverges("TIMEO");
    }

    @Test
    void modernConnectionKilledMidAttempt_rollsBack_thenConverges() {
        Northwind.run(legacy, "INSERT INTO fault VALUES ('slow', 'KILLD', 1.5)");
        Future<MigrationEngine.Outcome> attempt = healthy.ensureMigrated("KILLD", Trigger.REQUEST);
        long killed = Awaitility.await("the attempt holds the user's lock").atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> count(modern, "SELECT count(pg_terminate_backend(pid)) FROM pg_locks"
                        + " WHERE locktype = 'advisory' AND granted AND database ="
                        + " (SELECT oid FROM pg_database WHERE datname = current_database())"
                        + " AND pid <> pg_backend_pid()"), terminated -> terminated > 0);
        MigrationEngine.Outcome outcome = await(attempt);
        Northwind.run(legacy, "DELETE FROM fault WHERE user_key = 'KILLD'");

        assertThat(killed).isEqualTo(1);
        assertThat(outcome).isInstanceOf(MigrationEngine.Outcome.Failed.class);
        assertNothingMigrated("KILLD");
        assertThat(rows(modern, "SELECT state FROM strangler.user_state WHERE user_key = 'KILLD'"))
                .containsExactly(Map.of("state", "FAILED"));
        assertConverges("KILLD");
    }

    @Test
    void cleanedMarkFailsAfterCommit_userStaysMigrated_andRepairWritesIt() {
        Northwind.run(legacy, "INSERT INTO fault VALUES ('refuse', 'REFUS', 0)");

        MigrationEngine.Outcome outcome = await(healthy.ensureMigrated("REFUS", Trigger.REQUEST));
        Map<String, Object> owed = rows(modern, "SELECT state, cleaned_pending, cleaned_error"
                + " FROM strangler.user_state WHERE user_key = 'REFUS'").get(0);
        int repairedWhileRefused = await(healthy.marks().marker().repair());
        Northwind.run(legacy, "DELETE FROM fault WHERE user_key = 'REFUS'");
        int repaired = await(healthy.marks().marker().repair());

        assertThat(outcome).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        assertThat(owed).containsEntry("state", "MIGRATED").containsEntry("cleaned_pending", true);
        assertThat((String) owed.get("cleaned_error")).contains("cleaned mark refused for REFUS");
        assertThat(repairedWhileRefused).isZero();
        assertThat(repaired).isEqualTo(1);
        assertThat(rows(modern, "SELECT cleaned_pending FROM strangler.user_state WHERE user_key = 'REFUS'"))
                .containsExactly(Map.of("cleaned_pending", false));
        assertThat(rows(modern, "SELECT c.tries FROM strangler.ledger_cleaned c"
                + " JOIN strangler.ledger l ON l.id = c.ledger_id WHERE l.user_key = 'REFUS'"))
                .containsExactly(Map.of("tries", 3));
        assertThat(rows(legacy, "SELECT migrated_at FROM customers WHERE customer_id = 'REFUS'").get(0)
                .get("migrated_at")).isNotNull();
    }

    @Test
    void cleanedMarkOwed_isWrittenByThePeriodicRepairOnceLegacyAcceptsIt() {
        Northwind.run(legacy, "INSERT INTO customers VALUES ('REPAI', 'Repaired Later', 'Eve', 'Spain', NULL);"
                + " INSERT INTO fault VALUES ('refuse', 'REPAI', 0)");
        try (Migrator migrator = Northwind.start(vertx, plan,
                settings(plan).withCleanedRepairEvery(Duration.ofMillis(50)))) {
            MigrationEngine.Outcome outcome = await(migrator.ensureMigrated("REPAI", Trigger.REQUEST));
            long owedWhileRefused = count(modern,
                    "SELECT count(*) FROM strangler.user_state WHERE cleaned_pending AND user_key = 'REPAI'");
            Northwind.run(legacy, "DELETE FROM fault WHERE user_key = 'REPAI'");
            long owed = Awaitility.await("the periodic repair writes the mark").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> count(modern, "SELECT count(*) FROM strangler.user_state"
                            + " WHERE cleaned_pending AND user_key = 'REPAI'"), pending -> pending == 0);

            assertThat(outcome).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            assertThat(owedWhileRefused).isEqualTo(1);
            assertThat(owed).isZero();
            assertThat(rows(legacy, "SELECT migrated_at FROM customers WHERE customer_id = 'REPAI'").get(0)
                    .get("migrated_at")).isNotNull();
        }
    }

    private void assertNothingMigrated(String key) {
        assertThat(count(modern, "SELECT count(*) FROM customer WHERE id = '" + key + "'")).isZero();
        assertThat(count(modern, "SELECT count(*) FROM customer_order WHERE customer_id = '" + key + "'")).isZero();
        assertThat(rows(legacy, "SELECT migrated_at FROM customers WHERE customer_id = '" + key + "'").get(0)
                .get("migrated_at")).isNull();
    }

    private void assertConverges(String key) {
        MigrationEngine.Outcome next = await(healthy.ensureMigrated(key, Trigger.CLI));
        assertThat(next).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        assertThat(count(modern, "SELECT count(*) FROM customer_order WHERE customer_id = '" + key + "'"))
                .isEqualTo(count(legacy, "SELECT count(*) FROM orders WHERE customer_id = '" + key + "'"));
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE outcome = 'MIGRATED'"
                + " AND user_key = '" + key + "'")).isEqualTo(1);
        assertThat(rows(modern, "SELECT state FROM strangler.user_state WHERE user_key = '" + key + "'"))
                .containsExactly(Map.of("state", "MIGRATED"));
        assertThat(rows(legacy, "SELECT migrated_at FROM customers WHERE customer_id = '" + key + "'").get(0)
                .get("migrated_at")).isNotNull();
    }

    private static MigratorSettings settings(MigrationPlan plan) {
        return Northwind.immediateMarks(plan).withExtensions(List.of()).withPoolSize(2);
    }

    private static String closedPort() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return "postgresql://nobody@127.0.0.1:" + port + "/nowhere";
    }
}
