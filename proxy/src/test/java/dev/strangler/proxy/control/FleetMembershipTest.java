package dev.strangler.proxy.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.migrator.Fleet;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.routing.MigratedKeys;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One instance's side of the barrier (README "Barrier", "Self-fence") against a fleet the test plays: it sees which
 * tokens the instance records and when, and answers registrations and renewals as the test says. Requests in flight
 * are counted in a real {@link InFlightUsers}, the fence is a real {@link MigratedKeys}.
 */
class FleetMembershipTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private Vertx vertx;
    private InFlightUsers inFlight;
    private MigratedKeys keys;
    private RecordingFleet fleet;
    private FleetMembership membership;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        inFlight = new InFlightUsers(vertx);
        keys = new MigratedKeys();
        fleet = new RecordingFleet();
    }

    @AfterEach
    void stop() {
        if (membership != null) {
            membership.stop().await();
        }
        vertx.close().await();
    }

    @Test
    void aDrainThatExpired_isWaitedForAgainByTheNextBarrier() {
        joined(Duration.ofMillis(50));
        Runnable write = inFlight.enter("BONAP", Upstream.LEGACY);

        membership.changed("BONAP");
        membership.heard(2);
        await().atMost(LONG).until(() -> fleet.heard.contains(2L));
        assertThat(membership.drainsExpired()).isEqualTo(1);

        membership.heard(3);
        await().atMost(LONG).until(() -> fleet.heard.contains(3L));
        assertThat(membership.drainsExpired()).as("barrier 3 waited for BONAP's write again").isEqualTo(2);

        write.run();
        membership.heard(4);
        await().atMost(LONG).until(() -> fleet.heard.contains(4L));
        assertThat(membership.drainsExpired()).as("the write ended: barrier 4 waits for nobody").isEqualTo(2);
    }

    @Test
    void aTokenHeardWhileTheListeningConnectionIsDown_isNotRecorded_andTheNextWaitsForEveryonesOlderRequests() {
        joined(LONG);
        Runnable write = inFlight.enter("BONAP", Upstream.LEGACY);

        membership.listening(false);
        membership.heard(2);
        membership.listening(true);
        membership.heard(3);
        assertThat(fleet.heard).as("barrier 3 waits for BONAP's write, whose change may have been missed")
                .doesNotContain(3L);

        write.run();
        await().atMost(LONG).until(() -> fleet.heard.contains(3L));
        assertThat(fleet.heard).as("barrier 2 was never heard").containsExactly(1L, 3L);
    }

    @Test
    void anInstanceWhoseRenewalsHang_fencesItselfBeforeItsLeaseRunsOut() {
        Duration lease = Duration.ofSeconds(3);
        membership = new FleetMembership(vertx, fleet, "y",
                new FleetMembership.Terms(lease, Duration.ofSeconds(1), LONG), inFlight, keys);
        keys.reload(each -> Future.succeededFuture()).await();
        fleet.renewals = () -> RecordingFleet.<Boolean>hanging().future();
        long started = System.nanoTime();
        membership.start(() -> { }).await();
        membership.listening(true);
        membership.heard(1);
        assertThat(keys.current()).as("trusted once registered, listening and heard").isTrue();

        await().atMost(LONG).pollInterval(Duration.ofMillis(5)).until(() -> !keys.current());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fenced before the lease ran out")
                .isLessThan(lease);
    }

    @Test
    void anInstanceThatRegisteredAgain_staysFencedUntilItHeardAToken() {
        keys.reload(each -> Future.succeededFuture()).await();
        membership = new FleetMembership(vertx, fleet, "y",
                new FleetMembership.Terms(Duration.ofMillis(1500), Duration.ofMillis(500), LONG), inFlight, keys);
        membership.start(() -> { }).await();
        membership.listening(true);
        membership.heard(1);
        await().atMost(LONG).until(keys::current);

        Promise<Void> registering = RecordingFleet.hanging();
        fleet.registrations = registering::future;
        fleet.renewals = () -> Future.succeededFuture(false);
        await().atMost(LONG).until(() -> fleet.joins > 1);
        fleet.renewals = () -> Future.succeededFuture(true);
        registering.complete();
        assertThat(keys.current()).as("registered again, but no barrier token heard since").isFalse();

        membership.heard(5);
        await().atMost(LONG).until(keys::current);
    }

    /** Joins with a lease that never runs out in a test and hears its first token, which drains everyone. */
    private void joined(Duration drainBound) {
        membership = new FleetMembership(vertx, fleet, "y", new FleetMembership.Terms(LONG, Duration.ofSeconds(1),
                drainBound), inFlight, keys);
        membership.start(() -> { }).await();
        membership.listening(true);
        membership.heard(1);
        await().atMost(LONG).until(() -> fleet.heard.contains(1L));
    }

    /** The fleet as this instance sees it: registrations and renewals answered by the test, tokens recorded. */
    private static final class RecordingFleet implements Fleet {
        private final List<Long> heard = new CopyOnWriteArrayList<>();
        private volatile Supplier<Future<Boolean>> renewals = () -> Future.succeededFuture(true);
        private volatile Supplier<Future<Void>> registrations = Future::succeededFuture;
        private volatile int joins;

        @Override
        public Future<Void> register(String instanceId, Duration lease) {
            joins++;
            return registrations.get();
        }

        @Override
        public Future<Boolean> renew(String instanceId, Duration lease) {
            return renewals.get();
        }

        @Override
        public Future<Void> heard(String instanceId, long token) {
            heard.add(token);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> leave(String instanceId) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Boolean> barrier(Duration deadline) {
            return Future.succeededFuture(true);
        }

        @Override
        public Future<Void> announce() {
            return Future.succeededFuture();
        }

        @Override
        public Future<List<Instance>> live() {
            return Future.succeededFuture(List.of());
        }

        @Override
        public BarrierStats stats() {
            return new BarrierStats(0, 0, Duration.ZERO);
        }

        /** A promise the test completes, for a registration or renewal that hangs until then. */
        static <T> Promise<T> hanging() {
            return Promise.promise();
        }
    }
}
