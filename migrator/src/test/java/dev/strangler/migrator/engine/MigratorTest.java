package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.migrator.state.LedgerRecord;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigratorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
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
        var plan = Northwind.plan(legacy, modern);
        migrator = Northwind.start(vertx, plan,
                MigratorSettings.defaults(plan).withClock(clock).withInstanceId("test-1").withExtensions(List.of()));
    }

    @AfterAll
    void stop() {
        migrator.close();
        await(vertx.close());
    }

    @Test
    void validCustomer_isMigratedWithLedgerAndCleanedMark() {
        MigrationEngine.Outcome outcome = await(migrator.ensureMigrated("ALFKI", Trigger.REQUEST));

        assertThat(outcome).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        assertThat(rows(modern, "SELECT * FROM customer WHERE id = 'ALFKI'")).containsExactly(Map.of(
                "id", "ALFKI", "name", "Alfreds Futterkiste", "contact", "Maria Anders", "country", "Germany",
                "since", java.sql.Date.valueOf(LocalDate.of(1996, 7, 4))));
        assertThat(rows(modern, "SELECT id, ordered_at, freight FROM customer_order WHERE customer_id = 'ALFKI'"
                + " ORDER BY id")).containsExactly(
                Map.of("id", 10643, "ordered_at", Timestamp.valueOf("1997-08-25 00:00:00"),
                        "freight", new BigDecimal("29.46")),
                Map.of("id", 10692, "ordered_at", Timestamp.valueOf("1997-10-03 00:00:00"),
                        "freight", new BigDecimal("61.02")),
                Map.of("id", 10702, "ordered_at", Timestamp.valueOf("1997-10-13 00:00:00"),
                        "freight", new BigDecimal("23.94")));
        assertThat(rows(modern, "SELECT order_id, product_id, unit_price, quantity FROM order_line"
                + " WHERE order_id = 10643 ORDER BY product_id")).containsExactly(
                Map.of("order_id", 10643, "product_id", 28, "unit_price", new BigDecimal("45.60"),
                        "quantity", 15),
                Map.of("order_id", 10643, "product_id", 39, "unit_price", new BigDecimal("18.00"),
                        "quantity", 21),
                Map.of("order_id", 10643, "product_id", 46, "unit_price", new BigDecimal("12.00"),
                        "quantity", 2));
        assertThat(count(modern, "SELECT count(*) FROM order_line l JOIN customer_order o ON o.id = l.order_id"
                + " WHERE o.customer_id = 'ALFKI'")).isEqualTo(6);

        Map<String, Object> state = rows(modern, "SELECT * FROM strangler.user_state WHERE user_key = 'ALFKI'").get(0);
        assertThat(state).containsEntry("state", "MIGRATED").containsEntry("attempts", 1)
                .containsEntry("cleaned_pending", false);
        assertThat(state.get("cleaned_at")).isNotNull();

        Map<String, Object> entry = rows(modern, "SELECT * FROM strangler.ledger WHERE user_key = 'ALFKI'").get(0);
        assertThat(entry).containsEntry("outcome", "MIGRATED").containsEntry("trigger", "request")
                .containsEntry("attempt", 1).containsEntry("instance_id", "test-1")
                .containsEntry("plan_version", migrator.plan().version());
        JsonObject source = new JsonObject(entry.get("source_snapshot").toString());
        JsonObject target = new JsonObject(entry.get("target_snapshot").toString());
        assertThat(source.getJsonArray("customer").getJsonObject(0).getString("company_name"))
                .isEqualTo("Alfreds Futterkiste ");
        assertThat(source.getJsonArray("orders")).hasSize(3);
        assertThat(source.getJsonArray("orders").getJsonObject(0).getString("order_date")).isEqualTo("1997-08-25");
        assertThat(target.getJsonArray("customer").getJsonObject(0).getString("name"))
                .isEqualTo("Alfreds Futterkiste");
        assertThat(target.getJsonArray("order_lines")).hasSize(6);
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger_cleaned WHERE ledger_id = "
                + ((MigrationEngine.Outcome.Migrated) outcome).ledgerId())).isEqualTo(1);
        assertThat(rows(legacy, "SELECT migrated_at FROM customers WHERE customer_id = 'ALFKI'").get(0)
                .get("migrated_at")).isNotNull();
    }

    @Test
    void migratedCustomer_isAlreadyMigratedAndNotWrittenTwice() {
        await(migrator.ensureMigrated("ANATR", Trigger.REQUEST));

        MigrationEngine.Outcome again = await(migrator.ensureMigrated("ANATR", Trigger.REQUEST));

        assertThat(again).isEqualTo(new MigrationEngine.Outcome.AlreadyMigrated("ANATR"));
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ANATR'")).isEqualTo(1);
    }

    @Test
    void migrateFromCli_ofMigratedCustomer_isSkippedUnlessForced() {
        await(migrator.ensureMigrated("AROUT", Trigger.REQUEST));

        MigrationEngine.Outcome skipped = await(migrator.migrate("AROUT", Trigger.CLI, false));
        MigrationEngine.Outcome forced = await(migrator.migrate("AROUT", Trigger.CLI, true));

        assertThat(skipped).isInstanceOf(MigrationEngine.Outcome.AlreadyMigrated.class);
        assertThat(forced).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        assertThat(rows(modern, "SELECT outcome, attempt FROM strangler.ledger WHERE user_key = 'AROUT' ORDER BY id"))
                .containsExactly(Map.of("outcome", "MIGRATED", "attempt", 1),
                        Map.of("outcome", "SKIPPED", "attempt", 2), Map.of("outcome", "MIGRATED", "attempt", 3));
        assertThat(count(modern, "SELECT count(*) FROM customer_order WHERE customer_id = 'AROUT'")).isEqualTo(1);
    }

    @Test
    void invalidCustomer_writesNothingToModernAndRecordsEveryViolation() {
        MigrationEngine.Outcome outcome = await(migrator.ensureMigrated("BLANK", Trigger.BACKFILL));

        assertThat(outcome).isInstanceOf(MigrationEngine.Outcome.Invalid.class);
        assertThat(((MigrationEngine.Outcome.Invalid) outcome).violations()).extracting("entity", "row", "rule")
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("customer", "BLANK", "row.company_name.size() > 0"),
                        org.assertj.core.groups.Tuple.tuple("customer", "BLANK", "row.country != null"),
                        org.assertj.core.groups.Tuple.tuple("orders", "10900", "row.freight >= 0.0"),
                        org.assertj.core.groups.Tuple.tuple("order_lines", "10900", "row.quantity > 0"));
        assertThat(count(modern, "SELECT count(*) FROM customer WHERE id = 'BLANK'")).isZero();
        assertThat(count(modern, "SELECT count(*) FROM customer_order WHERE customer_id = 'BLANK'")).isZero();
        assertThat(rows(modern, "SELECT state FROM strangler.user_state WHERE user_key = 'BLANK'"))
                .containsExactly(Map.of("state", "INVALID"));
        Map<String, Object> entry = rows(modern, "SELECT * FROM strangler.ledger WHERE user_key = 'BLANK'").get(0);
        assertThat(entry).containsEntry("outcome", "INVALID").containsEntry("target_snapshot", null);
        JsonArray errors = new JsonArray(entry.get("errors").toString());
        assertThat(errors).hasSize(4);
        assertThat(errors.getJsonObject(2).getMap()).containsEntry("entity", "orders").containsEntry("row", "10900")
                .containsEntry("field", "freight").containsEntry("message", "freight is negative");
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'BLANK' AND errors @> "
                + "'[{\"rule\": \"row.freight >= 0.0\"}]'")).isEqualTo(1);
        assertThat(rows(legacy, "SELECT migrated_at FROM customers WHERE customer_id = 'BLANK'").get(0)
                .get("migrated_at")).isNull();
    }

    @Test
    void invalidCustomer_onRequest_isNotRetriedBeforeRetryAfter() {
        await(migrator.ensureMigrated("NOCT2", Trigger.REQUEST));
        UserFacts facts = await(migrator.states().find("NOCT2"));

        MigrationEngine.Outcome early = await(migrator.ensureMigrated("NOCT2", Trigger.REQUEST));
        long entriesBefore = count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'NOCT2'");
        clock.advance(Duration.ofMinutes(11));
        boolean dueLater = migrator.retryDue(await(migrator.states().find("NOCT2")));
        await(migrator.ensureMigrated("NOCT2", Trigger.REQUEST));

        assertThat(facts.state()).isEqualTo(UserState.INVALID);
        assertThat(migrator.retryDue(facts)).isTrue();
        assertThat(early).isInstanceOf(MigrationEngine.Outcome.Invalid.class);
        assertThat(((MigrationEngine.Outcome.Invalid) early).violations()).extracting("message")
                .containsExactly("country is missing");
        assertThat(entriesBefore).isEqualTo(1);
        assertThat(dueLater).isTrue();
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'NOCT2'")).isEqualTo(2);
    }

    @Test
    void dryRun_transformsWithoutWriting() {
        long ledgerBefore = count(modern, "SELECT count(*) FROM strangler.ledger");
        long customersBefore = count(modern, "SELECT count(*) FROM customer");

        DryRun dryRun = await(migrator.dryRun("BERGS"));

        assertThat(dryRun.wouldMigrate()).isTrue();
        assertThat(dryRun.target().get("customer").get(0)).containsEntry("name", "Berglunds snabbkop");
        assertThat(dryRun.target().get("orders")).hasSize(1);
        assertThat(count(modern, "SELECT count(*) FROM strangler.ledger")).isEqualTo(ledgerBefore);
        assertThat(count(modern, "SELECT count(*) FROM customer")).isEqualTo(customersBefore);
        assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE user_key = 'BERGS'")).isZero();
        assertThat(rows(legacy, "SELECT migrated_at FROM customers WHERE customer_id = 'BERGS'").get(0)
                .get("migrated_at")).isNull();
    }

    @Test
    void unknownCustomer_isInvalidForCardinality() {
        MigrationEngine.Outcome outcome = await(migrator.ensureMigrated("NOONE", Trigger.REQUEST));

        assertThat(outcome).isInstanceOf(MigrationEngine.Outcome.Invalid.class);
        assertThat(((MigrationEngine.Outcome.Invalid) outcome).violations()).extracting("rule", "message")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cardinality: one",
                        "expected exactly one row, found 0"));
    }

    @Test
    void ledgerReader_findsEntriesByUserOutcomeAndBrokenRule() {
        Northwind.run(legacy, "INSERT INTO customers VALUES ('NEGFR', 'Negative Freight', 'Nat', 'Peru', NULL);"
                + " INSERT INTO orders VALUES (10950, 'NEGFR', '1998-01-01', -1.00, 'Peru');"
                + " INSERT INTO order_details VALUES (10950, 9, 1, 1)");
        await(migrator.migrate("NEGFR", Trigger.CLI, false));

        List<LedgerRecord> ofUser = await(migrator.ledger().ofUser("NEGFR", 1));
        List<LedgerRecord> invalid = await(migrator.ledger().recent("INVALID", 50));
        List<LedgerRecord> brokeFreight = await(migrator.ledger().brokeRule("row.freight >= 0.0", 10));

        assertThat(ofUser).singleElement().satisfies(record -> {
            assertThat(record.entry().outcome()).isEqualTo("INVALID");
            assertThat(record.entry().trigger()).isEqualTo(Trigger.CLI);
            assertThat(record.entry().errors()).extracting("message").containsExactly("freight is negative");
            assertThat(record.entry().sourceSnapshot().getJsonArray("orders")).hasSize(1);
            assertThat(record.toJson().getString("outcome")).isEqualTo("INVALID");
        });
        assertThat(invalid).extracting(record -> record.entry().userKey()).contains("NEGFR");
        assertThat(brokeFreight).extracting(record -> record.entry().userKey()).contains("NEGFR")
                .doesNotContain("ALFKI", "ANATR");
    }

    @Test
    void pin_isSetAndClearedForAUserNeverAttempted() {
        await(migrator.states().pin("PINNE", Upstream.LEGACY, clock.instant(), "token:test", null));
        UserFacts pinned = await(migrator.states().find("PINNE"));
        await(migrator.states().pin("PINNE", null, clock.instant(), "token:test", null));
        UserFacts cleared = await(migrator.states().find("PINNE"));

        assertThat(pinned).isEqualTo(new UserFacts("PINNE", UserState.PENDING, Upstream.LEGACY, null));
        assertThat(cleared).isEqualTo(UserFacts.pending("PINNE"));
    }

    @Test
    void ledger_refusesUpdatesAndDeletes() {
        await(migrator.ensureMigrated("CONCU", Trigger.REQUEST));

        assertThat(refused("UPDATE strangler.ledger SET outcome = 'FAILED' WHERE user_key = 'CONCU'"))
                .contains("append-only");
        assertThat(refused("DELETE FROM strangler.ledger WHERE user_key = 'CONCU'")).contains("append-only");
    }

    private String refused(String sql) {
        try (var connection = modern.connect(); var statement = connection.createStatement()) {
            statement.execute(sql);
            return "accepted";
        } catch (java.sql.SQLException e) {
            return e.getMessage();
        }
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
