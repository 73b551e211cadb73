package dev.strangler.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.demo.DatabaseAddress;
import dev.strangler.demo.generator.DefectRates;
import dev.strangler.demo.generator.MessyDataGenerator;
import dev.strangler.demo.legacy.LegacyApp;
import dev.strangler.demo.modern.ModernApp;
import dev.strangler.demo.modern.ModernDatabase;
import dev.strangler.demo.web.RunningApp;
import dev.strangler.testkit.RestartableServer;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a history runs against, real and wired as in production: a generated legacy database (on the shared
 * test server) behind the legacy application, the modern database and Strangler's state on a PostgreSQL of their
 * own that the nemesis can restart, the modern application, a relay that can slow legacy down, and two
 * {@code strangler run} replicas with the demo's Northwind plan. The one cohort starts at 30 percent.
 */
final class HistoryStack implements AutoCloseable {

    static final String TOKEN = "history-test-admin-token";
    static final String COHORT = "everyone";
    static final int REPLICAS = 2;

    final HistorySettings settings;
    final TestDatabase legacy;
    final RestartableServer stateServer;
    final TestDatabase modern;
    final Vertx vertx;
    final RunningApp legacyApp;
    final RunningApp modernApp;
    final DelayingRelay legacyRelay;
    final Path config;
    final Map<String, String> environment;
    final Fleet fleet;

    private HistoryStack(HistorySettings settings, TestDatabase legacy, RestartableServer stateServer,
                         TestDatabase modern, Vertx vertx, RunningApp legacyApp, RunningApp modernApp,
                         DelayingRelay legacyRelay, Path config, Map<String, String> environment, Fleet fleet) {
        this.settings = settings;
        this.legacy = legacy;
        this.stateServer = stateServer;
        this.modern = modern;
        this.vertx = vertx;
        this.legacyApp = legacyApp;
        this.modernApp = modernApp;
        this.legacyRelay = legacyRelay;
        this.config = config;
        this.environment = environment;
        this.fleet = fleet;
    }

    static HistoryStack start(HistorySettings settings, TestDatabase legacy, Path folder) throws Exception {
        new MessyDataGenerator(legacy::connect, Clock.systemUTC())
                .generate(settings.users(), settings.seed(), DefectRates.uniform(0.02), done -> { });
        RestartableServer stateServer = RestartableServer.start();
        TestDatabase modern = stateServer.createDatabase("history_modern");
        try (Connection connection = modern.connect()) {
            ModernDatabase.create(connection);
        }
        Vertx vertx = Vertx.vertx();
        RunningApp legacyApp = LegacyApp.start(vertx, DatabaseAddress.parse(legacy.uri()).pool(vertx, 16), 0).await();
        RunningApp modernApp = ModernApp.start(vertx, DatabaseAddress.parse(modern.uri()).pool(vertx, 16), 0).await();
        DelayingRelay relay = DelayingRelay.start(vertx, legacyApp.port());
        Path config = writeConfiguration(settings, folder, relay.url(), modernApp.url());
        Map<String, String> environment = Map.of("STRANGLER_ADMIN_TOKEN", TOKEN,
                "LEGACY_DB_URL", legacy.uri(), "MODERN_DB_URL", modern.uri());
        Fleet fleet = new Fleet(config, environment, REPLICAS);
        return new HistoryStack(settings, legacy, stateServer, modern, vertx, legacyApp, modernApp, relay, config,
                environment, fleet);
    }

    private static Path writeConfiguration(HistorySettings settings, Path folder, String legacyUrl,
                                           String modernUrl) throws Exception {
        try (InputStream plan = HistoryStack.class.getResourceAsStream("/northwind-plan.yaml")) {
            String text = new String(plan.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).contains("timeout: 2s", "retryAfter: 10m");
            Files.writeString(folder.resolve("northwind-plan.yaml"), text
                    .replace("timeout: 2s", "timeout: " + settings.migrationTimeout().toMillis() + "ms")
                    .replace("retryAfter: 10m", "retryAfter: 5s"));
        }
        String upstreamTimeout = settings.upstreamTimeout().toMillis() + "ms";
        return Files.writeString(folder.resolve("strangler.yaml"), """
                server: { host: 127.0.0.1, port: 0, drainTimeout: 2s }
                admin: { host: 127.0.0.1, port: 0, token: "${STRANGLER_ADMIN_TOKEN}" }
                upstreams:
                  legacy: { url: "%s", connectTimeout: 1s, timeout: %s }
                  modern: { url: "%s", connectTimeout: 1s, timeout: %s }
                identity:
                  - path: /api/customers/{key}
                  - path: /api/customers/{key}/**
                routing:
                  salt: history-%d
                  routes:
                    - { path: "/api/customers/{key}", to: rollout }
                    - { path: "/api/customers/{key}/**", to: rollout }
                  cohorts:
                    - { name: %s, percent: 30 }
                plan: northwind-plan.yaml
                """.formatted(legacyUrl, upstreamTimeout, modernUrl, upstreamTimeout, settings.seed(), COHORT));
    }

    /** A {@code strangler} command against this stack's configuration, in a JVM of its own. */
    CliProcess cli(String... arguments) throws Exception {
        return CliProcess.start(config, environment, arguments);
    }

    @Override
    public void close() throws Exception {
        fleet.close();
        legacyRelay.close();
        vertx.close().await();
        stateServer.close();
    }
}
