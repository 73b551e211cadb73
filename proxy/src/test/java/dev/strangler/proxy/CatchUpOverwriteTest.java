package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lost write the history checker found with seed 34: a migration run by another process (a backfill, the
 * command line) commits modern, every instance hears of it, and until that process has written legacy's cleaned
 * mark, whose catch-up re-applies legacy writes made since the migration read legacy, a write modern acknowledged
 * could be overwritten by legacy's older value. Here the other process is a second migrator on the same databases,
 * and its mark is held back by a legacy transaction that changed the user (a legacy write in flight when the
 * migration read legacy) and holds the user's row until the test commits it. The modern app writes the title it is
 * sent into modern's row before answering, as a real one would.
 */
@ExtendWith(PostgresExtension.class)
class CatchUpOverwriteTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static TestDatabase legacyDb;
    private static TestDatabase modernDb;

    private Vertx vertx;
    private EchoBackend legacyApp;
    private HttpServer modernApp;
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
        legacyApp = new EchoBackend("legacy").start(vertx).await();
        modernApp = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(this::writeTitleInModern).listen().await();
        StranglerConfig config = ConfigLoader.parse("strangler.yaml",
                TinyNorthwind.config(legacyDb, modernDb, legacyApp.port(), modernApp.actualPort()), Map.of())
                .orElseThrow();
        proxyMigrator = Migrator.start(vertx, config.migration(), MigratorSettings.defaults(config.migration()))
                .await();
        otherProcess = Migrator.start(vertx, config.migration(), MigratorSettings.defaults(config.migration()))
                .await();
        server = StranglerServer.start(vertx, RunningStrangler.onPlane(config), proxyMigrator).await();
        await().atMost(Duration.ofSeconds(30)).until(this::keysCurrent);
    }

    @AfterEach
    void stop() {
        server.stop().await();
        proxyMigrator.close();
        otherProcess.close();
        vertx.close().await();
    }

    @Test
    void seed34_catchUpOfAMigrationElsewhere_neverOverwritesAWriteModernAcknowledged() throws Exception {
        try (Connection legacyWrite = legacyDb.connect()) {
            legacyWrite.setAutoCommit(false);
            try (Statement statement = legacyWrite.createStatement()) {
                statement.executeUpdate("UPDATE customers SET company_name = 'Bon app (legacy write in flight)'"
                        + " WHERE customer_id = 'BONAP'");
            }
            Future<MigrationEngine.Outcome> migration = otherProcess.engine().migrate("BONAP", Trigger.CLI, false);
            await().atMost(Duration.ofSeconds(30)).until(() -> markOwed("BONAP"));

            HttpResponse<String> during = write("BONAP", "acknowledged-during-the-mark");

            legacyWrite.commit();
            assertThat(migration.await()).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> !markOwed("BONAP"));
            if (during.statusCode() == 200) {
                assertThat(modernName("BONAP")).as("a write modern acknowledged before the cleaned mark")
                        .isEqualTo("acknowledged-during-the-mark");
            }
            assertThat(during.statusCode()).as("in transition: neither side serves the user").isEqualTo(503);
            assertThat(during.headers().firstValue("Retry-After")).isPresent();
            assertThat(legacyApp.requests()).isZero();
        }
        assertThat(modernName("BONAP")).as("the catch-up brought the legacy write in flight into modern")
                .isEqualTo("Bon app (legacy write in flight)");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                write("BONAP", "acknowledged-after-the-mark").statusCode()).isEqualTo(200));
        assertThat(modernName("BONAP")).isEqualTo("acknowledged-after-the-mark");
        assertThat(legacyApp.requests()).isZero();
    }

    /** The modern app: writes the X-Title header into the user's customer row, then answers 200. */
    private void writeTitleInModern(HttpServerRequest request) {
        String user = request.getHeader("X-User-Id");
        String title = request.getHeader("X-Title");
        vertx.executeBlocking(() -> {
            try (Connection connection = modernDb.connect();
                 PreparedStatement update = connection.prepareStatement(
                         "UPDATE customer SET name = ? WHERE id = ?")) {
                update.setString(1, title);
                update.setString(2, user);
                return update.executeUpdate();
            }
        }).onComplete(done -> request.response().setStatusCode(done.succeeded() && done.result() == 1 ? 200 : 500)
                .end("served-by: modern\n"));
    }

    private HttpResponse<String> write(String user, String title) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/orders/1"))
                .header("X-User-Id", user).header("X-Title", title).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean keysCurrent() throws Exception {
        HttpResponse<String> status = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.adminPort() + "/admin/status"))
                .header("Authorization", "Bearer " + RunningStrangler.TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        return new JsonObject(status.body()).getJsonObject("requestPath").getJsonObject("migratedKeys")
                .getBoolean("current");
    }

    private static boolean markOwed(String user) throws Exception {
        return modernDb.count("SELECT count(*) FROM strangler.user_state WHERE user_key = '" + user
                + "' AND state = 'MIGRATED' AND cleaned_pending") == 1;
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
