package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Rollbacks;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two proxy instances on one state database, X and Y. X has everyone in its modern share; Y still has the old
 * configuration (everyone on legacy), and its listening connection runs through a relay the test can hold, so Y
 * hears of X's migrations late. Y's migrator (its state reads and fleet lease) runs through another relay. The
 * apps write the {@code X-Title} they are sent into their database before answering, and hold such writes until the
 * test lets them go, as a slow app would.
 */
@ExtendWith(PostgresExtension.class)
class ReplicaBarrierTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestDatabase legacyDb;
    private TestDatabase modernDb;
    private Vertx vertx;
    private HttpServer legacyApp;
    private HttpServer modernApp;
    private TcpRelay controlRelay;
    private TcpRelay migratorRelay;
    private final Promise<Void> legacyArrived = Promise.promise();
    private final Promise<Void> legacyGo = Promise.promise();
    private final Promise<Void> modernArrived = Promise.promise();
    private final Promise<Void> modernGo = Promise.promise();
    private Migrator xMigrator;
    private Migrator yMigrator;
    private StranglerServer x;
    private StranglerServer y;

    @BeforeEach
    void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        legacyDb = legacy;
        modernDb = modern;
        for (TestDatabase db : new TestDatabase[] {legacy, modern}) {
            db.execute("DROP SCHEMA IF EXISTS strangler CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        }
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        legacyApp = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> slowWrite(request, legacyDb, "legacy", legacyArrived, legacyGo))
                .listen().await();
        modernApp = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> slowWrite(request, modernDb, "modern", modernArrived, modernGo))
                .listen().await();
        controlRelay = new TcpRelay(vertx, modern.host(), modern.port()).start().await();
        migratorRelay = new TcpRelay(vertx, modern.host(), modern.port()).start().await();
        String base = RunningStrangler.withRollback(TinyNorthwind.config(legacy, modern, legacyApp.actualPort(),
                modernApp.actualPort())).replace("timeout: 5s }", "timeout: 60s }");
        StranglerConfig xConfig = parse(base.replace("{ name: everyone, percent: 0 }",
                "{ name: everyone, percent: 100 }"));
        StranglerConfig yConfig = parse(viaRelay(TinyNorthwind.config(legacy, modern, legacyApp.actualPort(),
                modernApp.actualPort()).replace("timeout: 5s }", "timeout: 60s }"), controlRelay));
        StranglerConfig yMigration = parse(viaRelay(base, migratorRelay));
        xMigrator = Migrator.start(vertx, xConfig.migration(), MigratorSettings.defaults(xConfig.migration())
                .withInstanceId("x")).await();
        yMigrator = Migrator.start(vertx, yMigration.migration(), MigratorSettings.defaults(yMigration.migration())
                .withInstanceId("y")).await();
        x = StranglerServer.start(vertx, RunningStrangler.onPlane(xConfig), xMigrator).await();
        y = StranglerServer.start(vertx, RunningStrangler.onPlane(yConfig), yMigrator).await();
        await().atMost(Duration.ofSeconds(30)).until(() -> modernDb.count("SELECT count(*) FROM strangler.instances"
                + " WHERE lease_until > clock_timestamp() AND heard_barrier > 0") == 2);
    }

    @AfterEach
    void stop() {
        controlRelay.mode(TcpRelay.Mode.FORWARD);
        migratorRelay.mode(TcpRelay.Mode.FORWARD);
        legacyGo.tryComplete();
        modernGo.tryComplete();
        x.stop().await();
        y.stop().await();
        xMigrator.close();
        yMigrator.close();
        vertx.close().await();
    }

    @Test
    void aReplicaThatHasNotHeardOfAMigration_forwardsAWriteToLegacy_andTheMarkWaitsUntilItHeardAndTheWriteEnded()
            throws Exception {
        assertThat(send(y, "GET", "BONAP", null).join().body()).as("Y remembers BONAP on legacy")
                .contains("served-by: legacy");
        controlRelay.mode(TcpRelay.Mode.HOLD);

        CompletableFuture<HttpResponse<String>> first = send(x, "GET", "BONAP", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> modernDb.count("SELECT count(*) FROM strangler.user_state"
                + " WHERE user_key = 'BONAP' AND state = 'MIGRATED'") == 1);
        CompletableFuture<HttpResponse<String>> write = send(y, "POST", "BONAP", "written-by-the-late-replica");
        CompletableFuture.anyOf(legacyArrived.future().toCompletionStage().toCompletableFuture(), write)
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        boolean forwarded = legacyArrived.future().isComplete();
        assertThat(pending("BONAP")).as("X's cleaned mark waits until Y heard the barrier").isTrue();

        controlRelay.mode(TcpRelay.Mode.FORWARD);
        legacyGo.complete();

        if (forwarded) {
            assertThat(write.get().statusCode()).as("legacy acknowledged the write").isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> !pending("BONAP"));
            assertThat(name("BONAP")).as("the acknowledged legacy write, caught up before the mark")
                    .isEqualTo("written-by-the-late-replica");
        } else {
            assertThat(write.get().statusCode()).as("Y, no longer sure, refused the write").isEqualTo(503);
        }
        assertThat(first.get().statusCode()).isIn(200, 503);
    }

    @Test
    void anInstanceThatCannotRenewItsLease_answers503InsteadOfLegacy_untilItRegisteredAgain() {
        assertThat(send(y, "GET", "BONAP", null).join().body()).contains("served-by: legacy");

        migratorRelay.mode(TcpRelay.Mode.REFUSE);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> refused = send(y, "GET", "BONAP", null).join();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        });

        migratorRelay.mode(TcpRelay.Mode.FORWARD);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(send(y, "GET", "BONAP", null).join()
                .body()).contains("served-by: legacy"));
    }

    @Test
    void aRollback_waitsForAnotherInstancesModernRequestOfTheUser() throws Exception {
        assertThat(send(x, "GET", "ALFKI", null).join().body()).contains("served-by: modern");
        CompletableFuture<HttpResponse<String>> write = send(y, "POST", "ALFKI", "written-to-modern-on-y");
        modernArrived.future().await();

        Rollbacks.Outcome outcome = xMigrator.rollbacks().rollback("ALFKI", Trigger.ADMIN).await();
        modernGo.complete();
        assertThat(write.get().statusCode()).isEqualTo(200);

        assertThat(outcome).as(outcome.detail()).isInstanceOf(Rollbacks.Outcome.Failed.class);
        assertThat(modernDb.count("SELECT count(*) FROM strangler.user_state WHERE user_key = 'ALFKI'"
                + " AND state = 'MIGRATED'")).as("modern still holds ALFKI's data").isEqualTo(1);
        assertThat(name("ALFKI")).isEqualTo("written-to-modern-on-y");
    }

    private static StranglerConfig parse(String yaml) {
        return ConfigLoader.parse("strangler.yaml", yaml, Map.of()).orElseThrow();
    }

    private String viaRelay(String yaml, TcpRelay relay) {
        return yaml.replace("modern: \"" + modernDb.uri() + "\"", "modern: \"" + modernDb.uri()
                .replace(":" + modernDb.port() + "/", ":" + relay.port() + "/") + "\"");
    }

    private static CompletableFuture<HttpResponse<String>> send(StranglerServer server, String method, String user,
                                                               String title) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/orders/1")).header("X-User-Id", user).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (title != null) {
            request.header("X-Title", title);
        }
        return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean pending(String user) {
        return modernDb.count("SELECT count(*) FROM strangler.user_state WHERE user_key = '" + user
                + "' AND cleaned_pending") == 1;
    }

    /** The user's name in modern. */
    private String name(String user) throws Exception {
        try (Connection connection = modernDb.connect();
             PreparedStatement select = connection.prepareStatement("SELECT name FROM customer WHERE id = ?")) {
            select.setString(1, user);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** An app: answers at once, or holds a write ({@code X-Title}) until let go, then writes it and answers. */
    private void slowWrite(HttpServerRequest request, TestDatabase db, String side, Promise<Void> arrived,
                           Promise<Void> go) {
        String user = request.getHeader("X-User-Id");
        String title = request.getHeader("X-Title");
        if (title == null) {
            request.response().end("served-by: " + side + "\n");
            return;
        }
        String sql = side.equals("legacy") ? "UPDATE customers SET company_name = ? WHERE customer_id = ?"
                : "UPDATE customer SET name = ? WHERE id = ?";
        request.pause();
        arrived.tryComplete();
        go.future().compose(letGo -> vertx.executeBlocking(() -> {
            try (Connection connection = db.connect(); PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, title);
                update.setString(2, user);
                return update.executeUpdate();
            }
        })).onComplete(done -> request.response().setStatusCode(done.succeeded() && done.result() == 1 ? 200 : 500)
                .end("served-by: " + side + "\n"));
    }
}
