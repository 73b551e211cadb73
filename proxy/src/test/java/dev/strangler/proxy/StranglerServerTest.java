package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.rules.UserState;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole request path through a running {@link StranglerServer}: a real configuration file, the real migrator on
 * real PostgreSQL databases, and two real upstreams. Users are migrated on first access, held while their
 * migration runs, and quietly kept on legacy when their data fails validation.
 */
@ExtendWith(PostgresExtension.class)
class StranglerServerTest {

    private static Vertx vertx;
    private static EchoBackend legacyApp;
    private static EchoBackend modernApp;
    private static Migrator migrator;
    private static StranglerServer server;
    private static TestDatabase legacyDb;
    private static TestDatabase modernDb;
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern)
            throws Exception {
        legacyDb = legacy;
        modernDb = modern;
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        legacyApp = new EchoBackend("legacy").start(vertx).await();
        modernApp = new EchoBackend("modern").start(vertx).await();
        StranglerConfig config = ConfigLoader.parse("strangler.yaml",
                TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port()), Map.of()).orElseThrow();
        migrator = Migrator.start(vertx, config.migration(), MigratorSettings.defaults(config.migration())).await();
        server = StranglerServer.start(vertx, RunningStrangler.onPlane(config), migrator).await();
    }

    @AfterAll
    static void stop() {
        server.stop().await();
        migrator.close();
        vertx.close().await();
    }

    @Test
    void staffUser_isMigratedOnFirstAccessThenServedByModern() throws Exception {
        HttpResponse<String> first = get("/api/orders/1", "ALFKI");
        HttpResponse<String> second = get("/api/orders/2", "ALFKI");

        assertThat(first.body()).startsWith("served-by: modern\n");
        assertThat(second.body()).startsWith("served-by: modern\n");
        assertThat(query(modernDb, "SELECT name FROM customer WHERE id = 'ALFKI'")).isEqualTo("Alfreds Futterkiste");
        assertThat(query(legacyDb, "SELECT migrated_at IS NOT NULL FROM customers WHERE customer_id = 'ALFKI'"))
                .isEqualTo("t");
    }

    @Test
    void userWhoseDataFailsValidation_staysOnLegacyWithoutNoticing() throws Exception {
        HttpResponse<String> response = get("/api/orders/1", "BROKN");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("served-by: legacy\n");
        assertThat(migrator.states().find("BROKN").await().state()).isEqualTo(UserState.INVALID);
        assertThat(query(modernDb, "SELECT count(*) FROM customer WHERE id = 'BROKN'")).isEqualTo("0");
    }

    @Test
    void userOutsideTheShare_staysOnLegacyAndIsNotMigrated() throws Exception {
        HttpResponse<String> response = get("/api/orders/1", "BONAP");

        assertThat(response.body()).startsWith("served-by: legacy\n");
        assertThat(migrator.states().find("BONAP").await().state()).isEqualTo(UserState.PENDING);
    }

    @Test
    void fixedRoutesAndAnonymousRequests_goWhereTheRuleSays() throws Exception {
        assertThat(get("/assets/app.css", "ANATR").body()).startsWith("served-by: legacy\n");
        assertThat(get("/new/home", "BONAP").body()).startsWith("served-by: modern\n");
        assertThat(get("/api/orders/1", null).body()).startsWith("served-by: legacy\n");
    }

    @Test
    void pathThatCannotBeNormalisedSafely_isRefusedWith400() throws Exception {
        int before = legacyApp.requests() + modernApp.requests();

        HttpResponse<String> response = get("/api/orders/..%2F..%2Fadmin", "ALFKI");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(legacyApp.requests() + modernApp.requests()).isEqualTo(before);
    }

    @Test
    void routingHeadersFromClients_areIgnoredAndStripped() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/orders/1"))
                .header("X-User-Id", "BONAP").header("X-Strangler-Route", "modern").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).startsWith("served-by: legacy\n").doesNotContain("x-strangler");
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.startsWith("x-strangler"));
    }

    /** Issue 12, window 2: while a rollback copies modern into legacy, neither side may serve the user. */
    @Test
    void userBeingRolledBack_isAnswered503WithRetryAfter() throws Exception {
        modernDb.execute("INSERT INTO strangler.user_state (user_key, state, updated_at)"
                + " VALUES ('RBACK', 'ROLLING_BACK', now())");

        HttpResponse<String> response = get("/api/orders/1", "RBACK");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(migrator.states().find("RBACK").await().state()).isEqualTo(UserState.ROLLING_BACK);
    }

    @Test
    void requestsOfAUserBeingMigrated_waitForTheMigration_legacyBoundOnesToo() throws Exception {
        CompletableFuture<HttpResponse<String>> migrating = client.sendAsync(
                HttpRequest.newBuilder(uri("/api/orders/1")).header("X-User-Id", "SLOW1")
                        .timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> migrator.engine().inFlight("SLOW1").isPresent() || migrating.isDone());
        assertThat(migrator.engine().inFlight("SLOW1")).as("migration in flight").isPresent();
        HttpResponse<String> legacyBound = get("/assets/app.css", "SLOW1");

        assertThat(legacyBound.body()).startsWith("served-by: legacy\n");
        assertThat(migrator.states().find("SLOW1").await().state())
                .as("the legacy-bound request was answered only after the migration ended")
                .isEqualTo(UserState.MIGRATED);
        assertThat(migrating.get().body()).startsWith("served-by: modern\n");
    }

    @Test
    void metrics_countRequestsByRouteAndCohortWithoutUserKeys() throws Exception {
        get("/api/orders/1", "ANATR");

        String metrics = scrapeUntil("strangler_requests_total{cohort=\"staff\"");
        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.adminPort() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(metrics).containsPattern(
                "strangler_requests_total\\{cohort=\"staff\",route=\"[^\"]+\",status_class=\"2xx\",upstream=\"modern\"}")
                .contains("strangler_upstream_duration_seconds_bucket{upstream=\"modern\"")
                .doesNotContain("ANATR").doesNotContain("/api/orders");
        assertThat(ready.statusCode()).isEqualTo(200);
    }

    /** The metrics once they contain {@code expected}: a request is counted just after its last byte is sent. */
    private static String scrapeUntil(String expected) {
        return await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body(), body -> body.contains(expected));
    }

    private static HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15));
        if (user != null) {
            request.header("X-User-Id", user);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static String query(TestDatabase db, String sql) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
