package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.RampStore.Ramp;
import dev.strangler.migrator.RampStore.Status;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.ramp.RampDriver;
import dev.strangler.proxy.ramp.RampSignals;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a ramp reads from the rest of the proxy: it pauses while modern is ejected, and its shadowMatch gate holds the
 * comparisons' match rate to its bound. The two seams are fed by hand here.
 */
@ExtendWith(PostgresExtension.class)
class RampSignalsTest {

    private static final RampDriver.Settings FAST = new RampDriver.Settings(Duration.ofMillis(50),
            Duration.ofMillis(50), Duration.ofMinutes(1), Duration.ofDays(2));

    private final AtomicBoolean ejected = new AtomicBoolean();
    private final AtomicReference<OptionalDouble> matchPercent = new AtomicReference<>(OptionalDouble.empty());
    private Vertx vertx;
    private RunningStrangler strangler;

    @AfterEach
    void stop() {
        if (strangler != null) {
            strangler.stop();
        }
        vertx.close().await();
    }

    @Test
    void ejectedModern_pausesTheRamp_andALowShadowMatchRateAbortsIt(@Postgres("legacy") TestDatabase legacy,
                                                                     @Postgres("modern") TestDatabase modern,
                                                                     @TempDir Path folder) throws Exception {
        start(legacy, modern, folder);

        strangler.admin("POST", "/admin/ramps/everyone/start", "{}");
        ejected.set(true);
        Ramp paused = awaitStatus(Status.PAUSED);
        ejected.set(false);
        assertThat(paused.reason()).isEqualTo("modern is ejected by its circuit breaker");
        assertThat(paused.changedBy()).startsWith("ramp:");

        matchPercent.set(OptionalDouble.of(90));
        strangler.admin("POST", "/admin/ramps/everyone/resume", "{}");
        Ramp aborted = awaitStatus(Status.ABORTED);
        assertThat(aborted.reason()).startsWith("gate failed: shadowMatch fail (90.00% of shadow comparisons matched)");
        assertThat(aborted.gates()).contains("\"gate\":\"shadowMatch\",\"value\":90.0,\"bound\":97.0");
    }

    private Ramp awaitStatus(Status status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> strangler.migrator().ramps().find("everyone").await()
                .orElseThrow().status() == status);
        return strangler.migrator().ramps().find("everyone").await().orElseThrow();
    }

    private void start(TestDatabase legacy, TestDatabase modern, Path folder) throws Exception {
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())
                .replace("    - { name: everyone, percent: 0 }", """
                            - name: everyone
                              percent: 0
                              ramp: { steps: [1, 100], interval: 10m, minRequests: 0, gates: { shadowMatch: 97 } }
                        """.stripTrailing()));
        StranglerConfig config = ConfigLoader.load(file, Map.of()).orElseThrow();
        InFlightUsers inFlight = new InFlightUsers(vertx);
        Migrator migrator = Migrator.start(vertx, config.migration(),
                StranglerServer.migratorSettings(config.migration(), inFlight)).await();
        StranglerServer server = StranglerServer.start(vertx, RunningStrangler.onPlane(config), migrator, null, Clock.systemUTC(), inFlight,
                new RampSignals((cohort, window) -> matchPercent.get(), ejected::get), FAST).await();
        strangler = new RunningStrangler(migrator, server);
    }
}
