package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.MigratorSettings.InFlightRequests;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12, window 2: a rollback is a fenced protocol. {@code ROLLING_BACK} is committed (and so announced to every
 * instance) before anything is copied, the user's requests in flight to modern are waited for, and only then is
 * modern read. The proxy's count of requests in flight is a gate the test opens.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollbackFenceTest {

    private final Gate gate = new Gate();
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
        MigrationPlan plan = RollbackTest.withRollback(Northwind.plan(legacy.uri(), modern.uri(),
                Duration.ofSeconds(20), Map.of()), RollbackTest.STEPS);
        migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("fence")
                .withRequests(gate).withExtensions(List.of()));
    }

    @AfterAll
    void stop() {
        migrator.close();
        await(vertx.close());
    }

    @Test
    void rollback_commitsRollingBackThenWaitsForModernRequestsBeforeCopying() throws Exception {
        await(migrator.ensureMigrated("ALFKI", Trigger.REQUEST));
        Promise<Boolean> request = gate.hold("ALFKI");

        Future<Rollbacks.Outcome> rolling = migrator.rollback("ALFKI", Trigger.ADMIN);
        assertThat(gate.asked("ALFKI").get(30, TimeUnit.SECONDS)).isEqualTo(Upstream.MODERN);

        assertThat(state("ALFKI")).isEqualTo("ROLLING_BACK");
        assertThat(await(migrator.states().find("ALFKI")).state()).isEqualTo(UserState.ROLLING_BACK);
        assertThat(migrator.inFlight("ALFKI")).as("this instance holds the user's requests").isPresent();
        Northwind.run(modern, "UPDATE customer SET contact = 'Written In Modern' WHERE id = 'ALFKI'");
        request.complete(true);

        assertThat(await(rolling)).isInstanceOf(Rollbacks.Outcome.RolledBack.class);
        assertThat(state("ALFKI")).isEqualTo("ROLLED_BACK");
        assertThat(rows(legacy, "SELECT contact_name FROM customers WHERE customer_id = 'ALFKI'"))
                .containsExactly(Map.of("contact_name", "Written In Modern"));
        MigrationEngine.Outcome released = await(migrator.inFlight("ALFKI").orElse(Future.succeededFuture(
                new MigrationEngine.Outcome.NotAttempted("ALFKI", UserState.ROLLED_BACK, "done"))));
        assertThat(released.state()).isEqualTo(UserState.ROLLED_BACK);
    }

    /**
     * History seed 2: an order another replica had forwarded to modern before it heard of the rollback was written
     * after the copy, and lost with the user rolled back. The replica is a member of the fleet: the rollback waits
     * for its barrier, which the replica records only once it heard of {@code ROLLING_BACK} and its request ended.
     */
    @Test
    void seed2_modernWriteOfARequestAnotherReplicaForwardedBeforeTheRollback_isCopiedBack() {
        await(migrator.ensureMigrated("BERGS", Trigger.REQUEST));
        await(migrator.fleet().register("replica", Duration.ofMinutes(1)));
        try {
            long before = lastBarrier();
            Future<Rollbacks.Outcome> rolling = migrator.rollback("BERGS", Trigger.ADMIN);
            long token = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(this::lastBarrier, taken -> taken > before);
            assertThat(state("BERGS")).as("the barrier follows ROLLING_BACK's commit").isEqualTo("ROLLING_BACK");
            Northwind.run(modern, "UPDATE customer SET contact = 'Written By Another Replica' WHERE id = 'BERGS'");
            assertThat(rolling.isComplete()).as("the replica has not heard the barrier yet").isFalse();
            await(migrator.fleet().heard("replica", token));

            assertThat(await(rolling)).isInstanceOf(Rollbacks.Outcome.RolledBack.class);
            assertThat(rows(legacy, "SELECT contact_name FROM customers WHERE customer_id = 'BERGS'"))
                    .containsExactly(Map.of("contact_name", "Written By Another Replica"));
        } finally {
            await(migrator.fleet().leave("replica"));
        }
    }

    private long lastBarrier() {
        return ((Number) rows(modern, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS t"
                + " FROM strangler.barrier_tokens").get(0).get("t")).longValue();
    }

    @Test
    void modernRequestsStillInFlightAfterTheBound_leaveTheUserMigratedAndNothingCopied() {
        await(migrator.ensureMigrated("ANATR", Trigger.REQUEST));
        Northwind.run(modern, "UPDATE customer SET contact = 'Not Copied' WHERE id = 'ANATR'");
        gate.hold("ANATR").complete(false);

        Rollbacks.Outcome outcome = await(migrator.rollback("ANATR", Trigger.ADMIN));

        assertThat(outcome).isInstanceOf(Rollbacks.Outcome.Failed.class);
        assertThat(outcome.detail()).contains("still in flight");
        assertThat(state("ANATR")).isEqualTo("MIGRATED");
        assertThat(rows(legacy, "SELECT contact_name FROM customers WHERE customer_id = 'ANATR'"))
                .containsExactly(Map.of("contact_name", "Ana Trujillo"));
    }

    @Test
    void userRollingBack_isNotMigratedByAnyTrigger() {
        await(migrator.ensureMigrated("AROUT", Trigger.REQUEST));
        Northwind.run(modern, "UPDATE strangler.user_state SET state = 'ROLLING_BACK' WHERE user_key = 'AROUT'");

        MigrationEngine.Outcome outcome = await(migrator.migrate("AROUT", Trigger.CLI, true));

        assertThat(outcome).isInstanceOf(MigrationEngine.Outcome.NotAttempted.class);
        assertThat(outcome.servedByModern()).isFalse();
        assertThat(state("AROUT")).isEqualTo("ROLLING_BACK");
    }

    private String state(String key) {
        return (String) rows(modern, "SELECT state FROM strangler.user_state WHERE user_key = '" + key + "'").get(0)
                .get("state");
    }

    /** Users with a request in flight until the test says otherwise; every other user is drained at once. */
    private static final class Gate implements InFlightRequests {

        private final Map<String, Promise<Boolean>> held = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<Upstream>> asked = new ConcurrentHashMap<>();

        Promise<Boolean> hold(String userKey) {
            Promise<Boolean> promise = Promise.promise();
            held.put(userKey, promise);
            return promise;
        }

        CompletableFuture<Upstream> asked(String userKey) {
            return asked.computeIfAbsent(userKey, key -> new CompletableFuture<>());
        }

        @Override
        public Future<Boolean> drained(String userKey, Upstream upstream, Duration bound) {
            if (upstream == Upstream.LEGACY) {
                return Future.succeededFuture(true);
            }
            asked(userKey).complete(upstream);
            Promise<Boolean> promise = held.get(userKey);
            return promise == null ? Future.succeededFuture(true) : promise.future();
        }
    }
}
