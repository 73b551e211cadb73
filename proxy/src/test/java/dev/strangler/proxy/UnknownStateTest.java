package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Migrator;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
                TinyNorthwind.config(legacyDb, throughRelay, legacyApp.port(), modernApp.port())
                        .replace("timeout: 10s", "timeout: 2s"), Map.of())
                .orElseThrow();
        migrator = Migrator.start(vertx, config.migration(), MigratorSettings.defaults(config.migration())).await();
        server = StranglerServer.start(vertx, RunningStrangler.onPlane(config), migrator).await();
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
        JsonObject requestPath = new JsonObject(admin("GET", "/admin/status", null).body())
                .getJsonObject("requestPath");
        assertThat(requestPath.getLong("unknownState503")).isEqualTo(10);
        assertThat(requestPath.getLong("heldRequests")).isZero();
    }

    @Test
    void stateDatabaseDroppingPackets_answersWithinTheDeadline_insteadOfHoldingTheRequest() throws Exception {
        assertThat(get("ANATR").body()).startsWith("served-by: modern\n");
        relay.mode(TcpRelay.Mode.DROP);
        server.userFacts().invalidate("ANATR");
        int legacyBefore = legacyApp.requests();

        HttpResponse<String> response = get("ANATR");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(legacyApp.requests()).isEqualTo(legacyBefore);
        relay.mode(TcpRelay.Mode.REFUSE);
        relay.mode(TcpRelay.Mode.FORWARD);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(get("ANATR").body()).startsWith("served-by: modern\n"));
    }

    @Test
    void listeningConnectionThatStopsAnswering_makesEveryUnknownState503() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> new JsonObject(admin("GET", "/admin/status", null).body())
                .getJsonObject("requestPath").getJsonObject("migratedKeys").getBoolean("current"));
        relay.mode(TcpRelay.Mode.DROP);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("BLAUS").statusCode())
                .as("a user never seen, once the change stream may be missing changes").isEqualTo(503));
        relay.mode(TcpRelay.Mode.REFUSE);
        relay.mode(TcpRelay.Mode.FORWARD);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("BLAUS").statusCode())
                .isEqualTo(200));
    }

    @Test
    void migrationWhoseStateDatabaseStopsAnswering_releasesHeldRequestsWith503() throws Exception {
        assertThat(get("BROKN").body()).as("attempted (invalid), leaving the migrator a connection on this client's"
                + " event loop").startsWith("served-by: legacy\n");
        assertThat(get("BONAP").body()).as("outside the share, facts now cached").startsWith("served-by: legacy\n");
        assertThat(admin("PUT", "/admin/rollout/everyone", "{\"percent\": 100}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.resolver().table().percentages().get("everyone")
                .value() == 100.0);
        relay.mode(TcpRelay.Mode.DROP);
        int legacyBefore = legacyApp.requests();

        CompletableFuture<HttpResponse<String>> first = getAsync("BONAP");
        await().atMost(Duration.ofSeconds(10)).until(() -> migrator.engine().inFlight("BONAP").isPresent());
        HttpResponse<String> held = getAsync("BONAP").get();

        assertThat(held.statusCode()).as(held.body()).isEqualTo(503);
        assertThat(first.get().statusCode()).isEqualTo(503);
        assertThat(legacyApp.requests()).isEqualTo(legacyBefore);
        assertThat(scrape()).containsPattern("strangler_hold_expired_total [1-9]");
        await().atMost(Duration.ofSeconds(30)).until(() -> migrator.engine().inFlight("BONAP").isEmpty());
    }

    @Test
    void firstListenerConnectionRefused_isRetried_untilTheInstanceListens() throws Exception {
        server.stop().await();
        migrator.close();
        relay.mode(TcpRelay.Mode.REFUSE);
        StranglerConfig direct = ConfigLoader.parse("strangler.yaml",
                TinyNorthwind.config(legacyDb, modernDb, legacyApp.port(), modernApp.port()), Map.of()).orElseThrow();
        TestDatabase throughRelay = new TestDatabase("127.0.0.1", relay.port(), modernDb.database(), modernDb.user(),
                modernDb.password());
        StranglerConfig listenerThroughRelay = ConfigLoader.parse("strangler.yaml",
                TinyNorthwind.config(legacyDb, throughRelay, legacyApp.port(), modernApp.port()), Map.of())
                .orElseThrow();
        migrator = Migrator.start(vertx, direct.migration(), MigratorSettings.defaults(direct.migration())).await();
        server = StranglerServer.start(vertx, RunningStrangler.onPlane(listenerThroughRelay), migrator).await();
        assertThat(keysCurrent()).as("nothing listens while the state database refuses the listener").isFalse();

        relay.mode(TcpRelay.Mode.FORWARD);

        await().atMost(Duration.ofSeconds(30)).until(this::keysCurrent);
    }

    private boolean keysCurrent() throws Exception {
        return new JsonObject(admin("GET", "/admin/status", null).body()).getJsonObject("requestPath")
                .getJsonObject("migratedKeys").getBoolean("current");
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String user) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/orders/1")).header("X-User-Id", user).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String user) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/orders/1"))
                .header("X-User-Id", user).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + RunningStrangler.TOKEN)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private String scrape() throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
