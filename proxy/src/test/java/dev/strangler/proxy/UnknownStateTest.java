package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.ConfigLoader;
import dev.strangler.config.StranglerConfig;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Migrator;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Strangler in front of a state database that goes away: the modern database is reached through a {@link TcpRelay}
 * the test can make refuse connections. A user whose state cannot be read is never sent to legacy unless this
 * instance knows they are not migrated.
 */
@ExtendWith(PostgresExtension.class)
class UnknownStateTest {

    private static TestDatabase legacyDb;
    private static TestDatabase modernDb;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Vertx vertx;
    private TcpRelay relay;
    private EchoBackend legacyApp;
    private EchoBackend modernApp;
    private Migrator migrator;
    private StranglerServer server;

    @BeforeAll
    static void databases(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern)
            throws Exception {
        legacyDb = legacy;
        modernDb = modern;
        TinyNorthwind.create(legacy, modern);
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        relay = new TcpRelay(vertx, modernDb.host(), modernDb.port()).start().await();
        legacyApp = new EchoBackend("legacy").start(vertx).await();
        modernApp = new EchoBackend("modern").start(vertx).await();
        TestDatabase throughRelay = new TestDatabase("127.0.0.1", relay.port(), modernDb.database(), modernDb.user(),
                modernDb.password());
        StranglerConfig config = ConfigLoader.parse("strangler.yaml",
                TinyNorthwind.config(legacyDb, throughRelay, legacyApp.port(), modernApp.port()), Map.of())
                .orElseThrow();
        migrator = Migrator.start(vertx, config.migration(), MigratorSettings.defaults(config.migration())).await();
        server = StranglerServer.start(vertx, config, migrator).await();
    }

    @AfterEach
    void stop() {
        relay.mode(TcpRelay.Mode.FORWARD);
        server.stop().await();
        migrator.close();
        vertx.close().await();
    }

    @Test
    void stateLookupFailure_neverSendsAMigratedUserToLegacy() throws Exception {
        assertThat(get("ALFKI").body()).startsWith("served-by: modern\n");
        relay.mode(TcpRelay.Mode.REFUSE);
        server.userFacts().invalidate("ALFKI");
        int legacyBefore = legacyApp.requests();

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = get("ALFKI");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        }

        assertThat(legacyApp.requests()).isEqualTo(legacyBefore);
        assertThat(scrape()).contains("strangler_unknown_state_total 10.0");
        relay.mode(TcpRelay.Mode.FORWARD);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(get("ALFKI").body()).startsWith("served-by: modern\n"));
    }

    private HttpResponse<String> get(String user) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/orders/1"))
                .header("X-User-Id", user).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String scrape() throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
