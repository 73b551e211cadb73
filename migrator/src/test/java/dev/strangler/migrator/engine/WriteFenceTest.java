package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.MigratorSettings.InFlightRequests;
import dev.strangler.rules.Upstream;
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
 * Issue 12, window 3 (a): a migration waits for the user's legacy requests in flight on this instance before it
 * reads legacy. The proxy's count is replaced by a gate the test opens.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteFenceTest {

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
        MigrationPlan plan = Northwind.plan(legacy, modern);
        migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("fence")
                .withRequests(gate).withExtensions(List.of()));
    }

    @AfterAll
    void stop() {
        migrator.close();
        await(vertx.close());
    }

    @Test
    void legacyRequestInFlight_isWaitedForBeforeLegacyIsRead() throws Exception {
        Promise<Boolean> request = gate.hold("BERGS");
        Future<MigrationEngine.Outcome> migrating = migrator.ensureMigrated("BERGS", Trigger.REQUEST);

        assertThat(gate.asked("BERGS").get(30, TimeUnit.SECONDS)).isEqualTo(Upstream.LEGACY);
        Northwind.run(legacy, "UPDATE customers SET contact_name = 'Written In Flight' WHERE customer_id = 'BERGS'");
        request.complete(true);

        assertThat(await(migrating)).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        assertThat(rows(modern, "SELECT contact FROM customer WHERE id = 'BERGS'"))
                .containsExactly(Map.of("contact", "Written In Flight"));
    }

    @Test
    void legacyRequestStillInFlightAfterTheBound_failsTheAttemptBeforeReading() {
        gate.hold("AROUT").complete(false);

        MigrationEngine.Outcome outcome = await(migrator.ensureMigrated("AROUT", Trigger.REQUEST));

        assertThat(outcome).isInstanceOf(MigrationEngine.Outcome.Failed.class);
        assertThat(outcome.detail()).contains("still in flight");
        assertThat(count(modern, "SELECT count(*) FROM customer WHERE id = 'AROUT'")).isZero();
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
            asked(userKey).complete(upstream);
            Promise<Boolean> promise = held.get(userKey);
            return promise == null ? Future.succeededFuture(true) : promise.future();
        }
    }
}
