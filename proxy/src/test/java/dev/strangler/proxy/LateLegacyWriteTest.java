package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lost write the history checker found with seed 1: another process (here a second migrator on the same
 * databases, as a backfill or {@code strangler migrate} is) migrates a user while a proxy instance, which had not
 * heard of it, has forwarded the user's write to legacy, slowed on the way (here the legacy app holds it until the
 * test lets it go, once the migration committed). The write lands in legacy after the commit; the migration's
 * cleaned mark, whose catch-up brings legacy's late writes into modern, must read legacy after it. Before, the
 * mark was written right after the commit, and the acknowledged write was lost to modern. The legacy app writes the
 * title it is sent into legacy's row before answering, as a real one would.
 */
@ExtendWith(PostgresExtension.class)
class LateLegacyWriteTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static TestDatabase legacyDb;
    private static TestDatabase modernDb;

    private Vertx vertx;
    private HttpServer legacyApp;
    private HttpServer modernApp;
    private final Promise<Void> arrived = Promise.promise();
    private final Promise<Void> letGo = Promise.promise();
    private Migrator proxyMigrator;
    private Migrator otherProcess;
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
        legacyApp = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(this::slowLegacyWrite).listen().await();
        modernApp = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> request.response().end("served-by: modern\n")).listen().await();
        StranglerConfig config = ConfigLoader.parse("strangler.yaml",
                TinyNorthwind.config(legacyDb, modernDb, legacyApp.actualPort(), modernApp.actualPort()), Map.of())
                .orElseThrow();
        proxyMigrator = Migrator.start(vertx, config.migration(), MigratorSettings.defaults(config.migration()))
                .await();
        otherProcess = Migrator.start(vertx, config.migration(), MigratorSettings.defaults(config.migration())
                .withCleanedRepairEvery(Duration.ofHours(1))).await();
        server = StranglerServer.start(vertx, RunningStrangler.onPlane(config), proxyMigrator).await();
    }

    @AfterEach
    void stop() {
        server.stop().await();
        proxyMigrator.close();
        otherProcess.close();
        vertx.close().await();
    }

    @Test
    void seed1_legacyWriteForwardedBeforeTheProxyHeardOfAnotherProcesssMigration_endsUpInModern() throws Exception {
        CompletableFuture<HttpResponse<String>> write = CLIENT.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/orders/1"))
                .header("X-User-Id", "BONAP").header("X-Title", "written-late-in-legacy")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        arrived.future().await();

        MigrationEngine.Outcome migrated = otherProcess.engine().migrate("BONAP", Trigger.CLI, false).await();
        assertThat(migrated).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        letGo.complete();

        assertThat(write.get().statusCode()).as("legacy acknowledged the write").isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> modernDb.count("SELECT count(*)"
                + " FROM strangler.user_state WHERE user_key = 'BONAP' AND NOT cleaned_pending") == 1);
        assertThat(modernName("BONAP")).as("the acknowledged legacy write, caught up before the mark")
                .isEqualTo("written-late-in-legacy");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/orders/1"))
                .header("X-User-Id", "BONAP").GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("served-by: modern"));
    }

    /** The legacy app: holds the request until the test lets it go, then writes the X-Title header and answers. */
    private void slowLegacyWrite(HttpServerRequest request) {
        String user = request.getHeader("X-User-Id");
        String title = request.getHeader("X-Title");
        if (title == null) {
            request.response().end("served-by: legacy\n");
            return;
        }
        request.pause();
        arrived.tryComplete();
        letGo.future().compose(go -> vertx.executeBlocking(() -> {
            try (Connection connection = legacyDb.connect();
                 PreparedStatement update = connection.prepareStatement(
                         "UPDATE customers SET company_name = ? WHERE customer_id = ?")) {
                update.setString(1, title);
                update.setString(2, user);
                return update.executeUpdate();
            }
        })).onComplete(done -> request.response().setStatusCode(done.succeeded() && done.result() == 1 ? 200 : 500)
                .end("served-by: legacy\n"));
    }

    private static String modernName(String user) throws Exception {
        try (Connection connection = modernDb.connect();
             PreparedStatement select = connection.prepareStatement("SELECT name FROM customer WHERE id = ?")) {
            select.setString(1, user);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
