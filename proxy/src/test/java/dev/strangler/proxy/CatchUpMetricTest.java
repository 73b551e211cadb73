package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.metrics.CatchUps;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A catch-up (legacy changed between a migration's read and its cleaned mark, and the mark brought the change into
 * modern first) made by the serving process's migrator counts in {@code strangler_catch_ups_total} and shows in
 * {@code GET /admin/status} under {@code requestPath}: before, it was visible only as a {@code CATCH_UP} ledger
 * entry. The migration is one the instance's requests did not start, so its mark is deferred; the test changes
 * legacy, then makes the mark due, and the migrator's repair writes it. The migrator is closed on an event loop,
 * so it does not wait the hour of its own timer for the mark the repair already wrote.
 */
@ExtendWith(PostgresExtension.class)
class CatchUpMetricTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String TOKEN = "a-test-token-of-sufficient-length";
    private static TestDatabase legacyDb;
    private static TestDatabase modernDb;

    private Vertx vertx;
    private HttpServer upstream;
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
        upstream = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> request.response().end("ok\n")).listen().await();
        StranglerConfig config = ConfigLoader.parse("strangler.yaml",
                TinyNorthwind.config(legacyDb, modernDb, upstream.actualPort(), upstream.actualPort()), Map.of())
                .orElseThrow();
        InFlightUsers inFlight = new InFlightUsers(vertx);
        CatchUps catchUps = new CatchUps();
        migrator = Migrator.start(vertx, config.migration(),
                StranglerServer.migratorSettings(config.migration(), inFlight, catchUps)
                        .withMarkDelay(Duration.ofHours(1)).withCleanedRepairEvery(Duration.ofMillis(200))).await();
        server = StranglerServer.start(vertx, RunningStrangler.onPlane(config), migrator, null, Clock.systemUTC(), inFlight, catchUps).await();
    }

    @AfterEach
    void stop() {
        server.stop().await();
        Promise<Void> closed = Promise.promise();
        vertx.runOnContext(onLoop -> {
            migrator.close();
            closed.complete();
        });
        closed.future().await();
        vertx.close().await();
    }

    @Test
    void legacyChangedBeforeTheMark_countsACatchUpInTheMetricAndTheStatus() throws Exception {
        MigrationEngine.Outcome migrated = migrator.engine().migrate("BONAP", Trigger.CLI, false).await();
        assertThat(migrated).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        assertThat(scrape()).contains("strangler_catch_ups_total 0.0");
        assertThat(requestPath().getLong("catchUps")).isZero();

        legacyDb.execute("UPDATE customers SET company_name = 'changed-before-the-mark' WHERE customer_id = 'BONAP'");
        modernDb.execute("UPDATE strangler.user_state SET cleaned_due_at = clock_timestamp() WHERE user_key = 'BONAP'");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape())
                .contains("strangler_catch_ups_total 1.0").contains("strangler_catch_up_entities_total 1.0"));
        JsonObject requestPath = requestPath();
        assertThat(requestPath.getLong("catchUps")).isEqualTo(1);
        assertThat(requestPath.getLong("catchUpEntities")).isEqualTo(1);
        assertThat(modernDb.count("SELECT count(*) FROM customer WHERE id = 'BONAP'"
                + " AND name = 'changed-before-the-mark'")).as("the change, caught up into modern").isEqualTo(1);
    }

    private JsonObject requestPath() throws Exception {
        return new JsonObject(CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.adminPort() + "/admin/status"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body())
                .getJsonObject("requestPath");
    }

    private String scrape() throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
