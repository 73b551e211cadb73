package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Fleet;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fleet's barrier on the state database: it waits for every live instance to record a token at least its own,
 * and only for live ones; an instance whose lease passed (a dead proxy) never holds it up, and its renewal finds
 * its row gone.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetBarrierTest {

    private Vertx vertx;
    private Migrator migrator;
    private TestDatabase modern;

    @BeforeAll
    void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        this.modern = modern;
        Northwind.createSchemas(legacy, modern);
        vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("fleet")
                .withCleanedRepairEvery(Duration.ofHours(1)).withExtensions(List.of()));
    }

    @BeforeEach
    void noInstances() {
        Northwind.run(modern, "DELETE FROM strangler.instances");
    }

    @AfterAll
    void stop() {
        migrator.close();
        await(vertx.close());
    }

    @Test
    void aBarrier_waitsUntilEveryLiveInstanceHeardIt() {
        Fleet fleet = migrator.fleet();
        await(fleet.register("proxy-a", Duration.ofMinutes(1)));
        await(fleet.register("proxy-b", Duration.ofMinutes(1)));

        long before = lastToken();
        Future<Boolean> barrier = fleet.barrier(Duration.ofMinutes(1));
        long token = Awaitility.await().atMost(Duration.ofSeconds(30)).until(this::lastToken, taken -> taken > before);
        await(fleet.heard("proxy-a", token));
        assertThat(barrier.isComplete()).as("proxy-b has not heard it yet").isFalse();
        await(fleet.heard("proxy-b", token + 5));

        assertThat(await(barrier)).isTrue();
        assertThat(fleet.stats().passed()).isPositive();
    }

    @Test
    void anInstanceThatDoesNotHear_timesTheBarrierOut() {
        Fleet fleet = migrator.fleet();
        await(fleet.register("deaf", Duration.ofMinutes(1)));
        long before = fleet.stats().timedOut();

        assertThat(await(fleet.barrier(Duration.ofMillis(200)))).isFalse();
        assertThat(fleet.stats().timedOut()).isEqualTo(before + 1);
    }

    @Test
    void anExpiredInstance_doesNotBlockTheBarrier_andItsRenewalFindsItsRowGone() {
        Fleet fleet = migrator.fleet();
        await(fleet.register("dead", Duration.ofMinutes(1)));
        Northwind.run(modern, "UPDATE strangler.instances SET lease_until = clock_timestamp() - interval '1 second'"
                + " WHERE id = 'dead'");

        assertThat(await(fleet.live())).isEmpty();
        assertThat(await(fleet.barrier(Duration.ofSeconds(30)))).isTrue();
        assertThat(await(fleet.renew("dead", Duration.ofMinutes(1)))).as("expired: register again").isFalse();
    }

    private long lastToken() {
        return Northwind.rows(modern, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS t"
                + " FROM strangler.barrier_tokens").get(0).get("t") instanceof Number n ? n.longValue() : 0;
    }
}
