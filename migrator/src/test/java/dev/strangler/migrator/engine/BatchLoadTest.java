package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Backfills.BatchWrites;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.MigratorSettings.InFlightRequests;
import dev.strangler.migrator.bulk.BatchFence;
import dev.strangler.migrator.bulk.CleanedMarks;
import dev.strangler.migrator.bulk.BatchLoad;
import dev.strangler.migrator.bulk.BatchResult;
import dev.strangler.migrator.state.Claim;
import dev.strangler.rules.Upstream;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The backfill's set-based load path ({@code bulk.BatchLoad}) on this engine's parts, against the test Northwind:
 * a row the database refuses, a user a request is migrating, users the per-user path would leave alone, a lost
 * claim, and a legacy write between the batch's read and its cleaned mark.
 */
@ExtendWith(PostgresExtension.class)
class BatchLoadTest {

    private static final List<String> KEYS = List.of("ALFKI", "ANATR", "AROUT", "BERGS", "SLOWW", "CONCU");

    @Test
    void rowTheModernDatabaseRefuses_failsOnlyItsUser_theOthersAreMigrated(
            @Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Northwind.run(modern, "ALTER TABLE customer ADD CONSTRAINT no_refused CHECK (name <> 'Refused')");
        Northwind.run(legacy, "UPDATE customers SET company_name = 'Refused' WHERE customer_id = 'AROUT'");
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, Northwind.immediateMarks(plan).withExtensions(List.of()));
        try {
            BatchResult result = await(batches(migrator).migrate(KEYS, Trigger.BACKFILL));

            Map<String, String> outcomes = result.outcomes().stream().collect(Collectors.toMap(
                    MigrationEngine.Outcome::userKey, o -> o.getClass().getSimpleName()));
            assertThat(result.oneByOne()).isEqualTo(KEYS.size());
            assertThat(outcomes).containsEntry("AROUT", "Failed").containsEntry("ALFKI", "Migrated")
                    .containsEntry("CONCU", "Migrated").hasSize(KEYS.size());
            assertThat(count(modern, "SELECT count(*) FROM customer")).isEqualTo(KEYS.size() - 1);
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE outcome = 'MIGRATED'"))
                    .isEqualTo(KEYS.size() - 1);
            assertThat(rows(modern, "SELECT state FROM strangler.user_state WHERE user_key = 'AROUT'"))
                    .singleElement().extracting(row -> row.get("state")).isEqualTo("FAILED");
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    @Test
    void userWhoseLockARequestHolds_isLeftToIt_andMigratedOnceAfterIt(@Postgres("legacy2") TestDatabase legacy,
                                                                      @Postgres("modern2") TestDatabase modern)
            throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, Northwind.immediateMarks(plan).withExtensions(List.of()));
        try (Connection request = modern.connect(); Statement statement = request.createStatement()) {
            request.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(hashtextextended('strangler.user:' || 'AROUT', 0))");

            Future<BatchResult> batch = batches(migrator).migrate(KEYS, Trigger.BACKFILL);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(modern,
                    "SELECT count(*) FROM strangler.user_state WHERE state = 'MIGRATED'") == KEYS.size() - 1);
            assertThat(count(modern, "SELECT count(*) FROM customer WHERE id = 'AROUT'")).isZero();
            assertThat(batch.isComplete()).isFalse();
            request.commit();
            BatchResult result = await(batch);

            assertThat(result.oneByOne()).isEqualTo(1);
            assertThat(result.outcomes()).allMatch(o -> o instanceof MigrationEngine.Outcome.Migrated);
            assertThat(rows(modern, "SELECT user_key FROM strangler.ledger WHERE outcome = 'MIGRATED'"
                    + " GROUP BY user_key HAVING count(*) > 1")).isEmpty();
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger")).isEqualTo(KEYS.size());
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    @Test
    void migratedInvalidRollingBackRolledBackAndPinnedUsers_endAsTheyWouldOneByOne(
            @Postgres("legacy3") TestDatabase legacy, @Postgres("modern3") TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Northwind.run(legacy, "UPDATE customers SET country = NULL WHERE customer_id = 'AROUT'");
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, Northwind.immediateMarks(plan).withExtensions(List.of()));
        try {
            await(migrator.ensureMigrated("ALFKI", Trigger.REQUEST));
            await(migrator.ensureMigrated("BERGS", Trigger.REQUEST));
            await(migrator.ensureMigrated("SLOWW", Trigger.REQUEST));
            Northwind.run(modern, "UPDATE strangler.user_state SET state = 'ROLLING_BACK' WHERE user_key = 'SLOWW'");
            Northwind.run(modern, "UPDATE strangler.user_state SET state = 'ROLLED_BACK' WHERE user_key = 'BERGS'");
            await(migrator.states().pin("CONCU", Upstream.LEGACY, Instant.now(), "token:test", null));

            BatchResult result = await(batches(migrator).migrate(KEYS, Trigger.BACKFILL));

            Map<String, MigrationEngine.Outcome> outcomes = result.outcomes().stream().collect(Collectors.toMap(
                    MigrationEngine.Outcome::userKey, o -> o));
            assertThat(result.oneByOne()).isZero();
            assertThat(outcomes.get("ALFKI")).isInstanceOf(MigrationEngine.Outcome.AlreadyMigrated.class);
            assertThat(outcomes.get("BERGS")).isInstanceOf(MigrationEngine.Outcome.NotAttempted.class);
            assertThat(outcomes.get("AROUT")).isInstanceOf(MigrationEngine.Outcome.Invalid.class);
            assertThat(outcomes.get("ANATR")).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            assertThat(outcomes.get("CONCU")).isInstanceOf(MigrationEngine.Outcome.NotAttempted.class);
            assertThat(outcomes.get("SLOWW")).isInstanceOf(MigrationEngine.Outcome.NotAttempted.class);
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'SLOWW'")).isEqualTo(1);
            assertThat(rows(modern, "SELECT state FROM strangler.user_state WHERE user_key = 'SLOWW'"))
                    .singleElement().extracting(row -> row.get("state")).isEqualTo("ROLLING_BACK");
            assertThat(count(modern, "SELECT count(*) FROM customer WHERE id = 'CONCU'")).isZero();
            assertThat(rows(modern, "SELECT state, attempts, last_error FROM strangler.user_state"
                    + " WHERE user_key = 'AROUT'")).singleElement().satisfies(row -> {
                        assertThat(row.get("state")).isEqualTo("INVALID");
                        assertThat(row.get("attempts")).isEqualTo(1);
                        assertThat((String) row.get("last_error")).contains("country is missing");
                    });
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE cleaned_pending")).isZero();
            assertThat(count(legacy, "SELECT count(*) FROM customers WHERE migrated_at IS NOT NULL"
                    + " AND customer_id IN ('ANATR', 'SLOWW', 'CONCU')")).isEqualTo(2);
            assertThat(await(migrator.check()).problems()).isEmpty();
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    @Test
    void userWhoseClaimWasTakenOver_getsClaimLost_andNothingOfTheirsIsWritten(
            @Postgres("legacy4") TestDatabase legacy, @Postgres("modern4") TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, Northwind.immediateMarks(plan).withExtensions(List.of()));
        try {
            Northwind.run(modern, "INSERT INTO strangler.user_state (user_key, state, updated_at, claimed_by,"
                    + " claim_epoch, claim_expires_at) SELECT key, 'PENDING', now(), 'worker', 1,"
                    + " now() + interval '1 hour' FROM unnest(ARRAY['" + String.join("','", KEYS) + "']) AS key");
            Northwind.run(modern, "UPDATE strangler.user_state SET claimed_by = 'other', claim_epoch = 2"
                    + " WHERE user_key = 'ANATR'");
            List<Claim> claims = KEYS.stream().map(key -> new Claim(key, "worker", 1)).toList();

            BatchResult result = await(batches(migrator).migrateClaimed(claims));

            Map<String, MigrationEngine.Outcome> outcomes = result.outcomes().stream().collect(Collectors.toMap(
                    MigrationEngine.Outcome::userKey, o -> o));
            assertThat(result.oneByOne()).isZero();
            assertThat(outcomes.get("ANATR")).isInstanceOf(MigrationEngine.Outcome.ClaimLost.class);
            assertThat(outcomes.values()).filteredOn(o -> o instanceof MigrationEngine.Outcome.Migrated)
                    .hasSize(KEYS.size() - 1);
            assertThat(count(modern, "SELECT count(*) FROM customer WHERE id = 'ANATR'")).isZero();
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ANATR'")).isZero();
            assertThat(rows(modern, "SELECT state, claimed_by FROM strangler.user_state WHERE user_key = 'ANATR'"))
                    .containsExactly(Map.of("state", "PENDING", "claimed_by", "other"));
            assertThat(count(legacy, "SELECT count(*) FROM customers WHERE migrated_at IS NOT NULL"
                    + " AND customer_id = 'ANATR'")).isZero();
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    /** As {@code CatchUpTest} for one user: here the write lands after the batch read legacy, before its mark. */
    @Test
    void legacyWriteBetweenTheBatchReadAndTheMark_isCaughtUpIntoModern(@Postgres("legacy5") TestDatabase legacy,
                                                                       @Postgres("modern5") TestDatabase modern)
            throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, Northwind.immediateMarks(plan)
                .withCleanedRepairEvery(Duration.ofHours(1)).withExtensions(List.of()));
        try {
            BatchLoad.Parts parts = migrator.batchParts();
            BatchFence fence = parts.fence();
            CleanedMarks writeBeforeMarks = new CleanedMarks() {
                @Override
                public Future<Void> owe(SqlConnection connection, List<String> userKeys) {
                    return fence.marks().owe(connection, userKeys);
                }

                @Override
                public Future<Void> committed(List<String> userKeys) {
                    return vertx.<Void>executeBlocking(() -> {
                        Northwind.run(legacy, "UPDATE customers SET contact_name = 'Written Meanwhile'"
                                + " WHERE customer_id = 'ALFKI'");
                        return null;
                    }).compose(written -> fence.marks().committed(userKeys));
                }
            };
            BatchFence writeBeforeMark = new BatchFence(fence.claimed(), fence.holdsClaim(), fence.requests(),
                    fence.drainBound(), writeBeforeMarks);
            BatchLoad batches = BatchLoad.of(new BatchLoad.Parts(parts.engine(), parts.legacy(), parts.modern(),
                    parts.plan(), parts.steps(), writeBeforeMark, parts.connections()), BatchWrites.MULTI_ROW);

            BatchResult result = await(batches.migrate(KEYS, Trigger.BACKFILL));

            assertThat(result.outcomes()).allMatch(o -> o instanceof MigrationEngine.Outcome.Migrated);
            assertThat(rows(modern, "SELECT contact FROM customer WHERE id = 'ALFKI'"))
                    .containsExactly(Map.of("contact", "Written Meanwhile"));
            assertThat(rows(modern, "SELECT outcome FROM strangler.ledger WHERE user_key = 'ALFKI' ORDER BY id"))
                    .extracting(row -> row.get("outcome")).containsExactly("MIGRATED", "CATCH_UP");
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE outcome = 'CATCH_UP'"))
                    .isEqualTo(1);
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE cleaned_pending")).isZero();
            assertThat(count(legacy, "SELECT count(*) FROM customers WHERE migrated_at IS NOT NULL"
                    + " AND customer_id IN ('" + String.join("','", KEYS) + "')")).isEqualTo(KEYS.size());
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    @Test
    void userWithLegacyRequestsStillInFlight_isLeftOutOfTheBatchRead_andGoesOneByOne(
            @Postgres("legacy6") TestDatabase legacy, @Postgres("modern6") TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, Northwind.immediateMarks(plan).withExtensions(List.of()));
        try {
            BatchLoad.Parts parts = migrator.batchParts();
            BatchFence fence = parts.fence();
            List<String> asked = new CopyOnWriteArrayList<>();
            InFlightRequests alfkiBusy = (key, upstream, bound) -> {
                asked.add(key + "/" + upstream);
                return Future.succeededFuture(!key.equals("ALFKI"));
            };
            BatchLoad batches = BatchLoad.of(new BatchLoad.Parts(parts.engine(), parts.legacy(), parts.modern(),
                    parts.plan(), parts.steps(), new BatchFence(fence.claimed(), fence.holdsClaim(), alfkiBusy,
                    fence.drainBound(), fence.marks()), parts.connections()), BatchWrites.MULTI_ROW);

            BatchResult result = await(batches.migrate(KEYS, Trigger.BACKFILL));

            assertThat(asked).containsExactlyInAnyOrderElementsOf(KEYS.stream().map(key -> key + "/LEGACY").toList());
            assertThat(result.oneByOne()).isEqualTo(1);
            assertThat(result.outcomes()).allMatch(o -> o instanceof MigrationEngine.Outcome.Migrated);
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger")).isEqualTo(KEYS.size());
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    private static BatchLoad batches(Migrator migrator) {
        return BatchLoad.of(migrator.batchParts(), BatchWrites.MULTI_ROW);
    }
}
