package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.RampStore;
import dev.strangler.migrator.RampStore.Ramp;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.ramp.RampDriver;
import dev.strangler.proxy.ramp.RampSignals;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ramp on a fleet of two instances: the gates see both instances' requests, exactly one instance drives the ramp,
 * and when it dies the other takes the lease over once it expires and carries on.
 */
@ExtendWith(PostgresExtension.class)
class FleetRampTest {

    private static final RampDriver.Settings FAST = new RampDriver.Settings(Duration.ofMillis(50),
            Duration.ofMillis(50), Duration.ofMinutes(1), Duration.ofDays(2));

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };
    private Vertx vertx;
    private RunningStrangler a;
    private RunningStrangler b;

    @AfterEach
    void stop() {
        for (RunningStrangler instance : new RunningStrangler[] {a, b}) {
            if (instance != null) {
                instance.stop();
            }
        }
        vertx.close().await();
    }

    @Test
    void oneInstanceDrives_theGatesCountTheFleet_andAnotherTakesOverWhenItDies(
            @Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern, @TempDir Path folder)
            throws Exception {
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())
                .replace("    - { name: everyone, percent: 0 }", """
                            - name: everyone
                              percent: 0
                              ramp: { steps: [0.5, 1], interval: 10m, minRequests: 0, gates: { errorPoints: 1 } }
                        """.stripTrailing()));
        a = start(file);
        b = start(file);

        assertThat(a.admin("POST", "/admin/ramps/everyone/start", "{\"reason\": \"fleet\"}").statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> drivers().size() == 1
                && a.server().ramps().ramps().containsKey("everyone")
                && b.server().ramps().ramps().containsKey("everyone"));
        RunningStrangler driver = drivers().get(0);
        RunningStrangler survivor = driver == a ? b : a;
        Ramp started = a.migrator().ramps().find("everyone").await().orElseThrow();

        for (int user = 0; user < 50; user++) {
            HttpResponse<String> response = (user % 2 == 0 ? a : b).get("/api/orders/1", "fleet-user-" + user);
            assertThat(response.statusCode()).isLessThan(500);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            RampStore.Counts counts = a.migrator().ramps().measured("everyone", started.startedAt(), now.get()).await();
            return counts.legacyRequests() + counts.modernRequests() == 50;
        });

        driver.stop();
        if (driver == a) {
            a = null;
        } else {
            b = null;
        }
        now.updateAndGet(instant -> instant.plus(Duration.ofMinutes(10)));

        await().atMost(Duration.ofSeconds(10)).until(() -> survivor.migrator().ramps().find("everyone").await()
                .orElseThrow().step() == 1);
        assertThat(survivor.server().ramps().lastCheck("everyone")).isPresent();
        Ramp stepped = survivor.migrator().ramps().find("everyone").await().orElseThrow();
        assertThat(stepped.changedBy()).startsWith("ramp:");
        assertThat(stepped.gates()).contains("\"verdict\":\"pass\"");
    }

    /** The instances whose driver holds the ramp's lease now. */
    private List<RunningStrangler> drivers() {
        return java.util.stream.Stream.of(a, b).filter(instance -> instance != null
                && instance.server().ramps().lastCheck("everyone").isPresent()).toList();
    }

    private RunningStrangler start(Path file) {
        StranglerConfig config = ConfigLoader.load(file, Map.of()).orElseThrow();
        InFlightUsers inFlight = new InFlightUsers(vertx);
        Migrator migrator = Migrator.start(vertx, config.migration(),
                StranglerServer.migratorSettings(config.migration(), inFlight).withClock(clock)).await();
        StranglerServer server = StranglerServer.start(vertx, RunningStrangler.onPlane(config), migrator, null, clock, inFlight,
                RampSignals.NONE, FAST).await();
        return new RunningStrangler(migrator, server);
    }
}
