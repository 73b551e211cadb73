package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.rows;
import static dev.strangler.migrator.engine.Northwind.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.MariaDb;
import dev.strangler.testkit.MariaDbDatabase;
import dev.strangler.testkit.MariaDbExtension;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, MySQL and MariaDB legacies: the fences hold on InnoDB. The cleaned mark waits for a legacy transaction
 * that holds the user's root row and catches up what it wrote; an attempt past {@code migration.timeout} ends as
 * timed out although MySQL has no cancel request, while the statements over all users may take longer.
 */
@ExtendWith({MariaDbExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlLegacyFencesTest {

    private static final String SLOW_USERS = """
            migration:
              legacy: "%s"
              modern: "%s"
              timeout: 500ms
              users: "SELECT id FROM big_users WHERE SLEEP(0.4) = 0 ORDER BY id"
              entities:
                - name: person
                  cardinality: one
                  fetch: "SELECT id, name, active FROM big_users WHERE id = ? AND SLEEP(20) = 0"
                  map: { id: row.id, name: row.name, active: row.active == 1 }
                  upsert: "INSERT INTO big_user (id, name, active) VALUES (:id, :name, :active)"
            """;

    private Vertx vertx;
    private Migrator northwind;
    private MariaDbDatabase legacy;
    private TestDatabase modern;

    @BeforeAll
    void start(@MariaDb("legacy") MariaDbDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        this.legacy = legacy;
        this.modern = modern;
        legacy.execute(resource("northwind/legacy-mysql.sql"));
        run(modern, resource("northwind/modern.sql"));
        run(modern, "ALTER TABLE customer_order ADD COLUMN freight_cents bigint;"
                + " CREATE TABLE big_user (id bigint PRIMARY KEY, name text NOT NULL, active boolean NOT NULL);");
        vertx = Vertx.vertx();
        // Locks are waited for up to migration.timeout, and no periodic repair may write the mark in the test's place.
        MigrationPlan plan = ConfigLoader.parseMigrationPlan("plan-mysql.yaml", resource("northwind/plan-mysql.yaml"),
                Map.of("LEGACY_URL", legacy.uri(), "MODERN_URL", modern.uri(), "TIMEOUT", "60s")).orElseThrow();
        northwind = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of())
                .withCleanedRepairEvery(Duration.ofHours(1)));
    }

    @AfterAll
    void stop() {
        northwind.close();
        await(vertx.close());
    }

    @Test
    void cleanedMark_waitsForTheLegacyTransactionHoldingTheRootRow_andCatchesUpItsWrite() {
        Pool writers = MySQLBuilder.pool().connectingTo(MySQLConnectOptions.fromUri(legacy.uri())).using(vertx).build();
        SqlConnection writer = await(writers.getConnection());
        try {
            Transaction held = await(writer.begin());
            await(writer.query("SELECT customer_id FROM customers WHERE customer_id = 'REFUS' FOR UPDATE").execute());
            await(writer.query("UPDATE customers SET contact_name = 'Written Meanwhile' WHERE customer_id = 'REFUS'")
                    .execute());

            Future<MigrationEngine.Outcome> migrated = northwind.ensureMigrated("REFUS", Trigger.REQUEST);
            await().atMost(Duration.ofSeconds(30)).until(() -> legacy.count(
                    "SELECT count(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'") > 0);
            assertThat(legacy.value("SELECT migrated_at FROM customers WHERE customer_id = 'REFUS'"))
                    .isEqualTo("NULL");
            assertThat(migrated.isComplete()).as("the attempt ends with its mark, which waits for the lock").isFalse();
            await(held.commit());

            assertThat(await(migrated)).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            assertThat(legacy.value("SELECT migrated_at FROM customers WHERE customer_id = 'REFUS'")).isNotEqualTo("NULL");
            assertThat(rows(modern, "SELECT contact FROM customer WHERE id = 'REFUS'"))
                    .containsExactly(Map.of("contact", "Written Meanwhile"));
            assertThat(rows(modern, "SELECT outcome FROM strangler.ledger WHERE user_key = 'REFUS' ORDER BY id"))
                    .extracting(row -> row.get("outcome")).containsExactly("MIGRATED", "CATCH_UP");
        } finally {
            await(writer.close());
            await(writers.close());
        }
    }

    @Test
    void attemptPastItsTimeout_isTimedOut_andItsStatementDoesNotHoldTheUser_whileListingUsersMayTakeLonger() {
        MigrationPlan plan = ConfigLoader.parseMigrationPlan("plan.yaml",
                SLOW_USERS.formatted(legacy.uri(), modern.uri()), Map.of()).orElseThrow();
        // One legacy connection: the listing's raised limit must be put back for the attempt on the same connection.
        Migrator slow = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of())
                .withPoolSize(1));
        try {
            assertThat(await(slow.reports().legacyUsers())).containsExactly("9007199254740992", "9007199254740993");
            long started = System.nanoTime();
            MigrationEngine.Outcome outcome = await(slow.migrate("9007199254740992", Trigger.CLI, false));

            assertThat(outcome).as(outcome.toString()).isInstanceOf(MigrationEngine.Outcome.TimedOut.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(30)).until(() -> legacy.count(
                    "SELECT count(*) FROM information_schema.processlist WHERE info LIKE '%SLEEP(20)%'"
                            + " AND info NOT LIKE '%processlist%'") == 0);
        } finally {
            slow.close();
        }
    }


    private static String resource(String name) throws IOException {
        try (InputStream in = MySqlLegacyFencesTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
