package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Made-up user keys in the modern share (everyone at 100%): each costs at most one attempt and one ledger entry
 * per {@code migration.retryAfter}, is served by legacy, and the instance starts no more migrations than its
 * admission (bursts of 2, one more per second) allows; the others go to legacy unattempted. The flood arrives at
 * once, well within the second that would add a token.
 */
@ExtendWith(PostgresExtension.class)
class UnknownUserTest {

    private static TestDatabase legacyDb;
    private static TestDatabase modernDb;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Vertx vertx;
    private EchoBackend legacyApp;
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
        legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        StranglerConfig config = ConfigLoader.parse("strangler.yaml",
                TinyNorthwind.config(legacyDb, modernDb, legacyApp.port(), modernApp.port())
                        .replace("{ name: everyone, percent: 0 }", "{ name: everyone, percent: 100 }")
                        .replace("  retryAfter: 10m", "  retryAfter: 10m\n  admission: { perSecond: 1, burst: 2 }"),
                Map.of()).orElseThrow();
        migrator = Migrator.start(vertx, config.migration(), MigratorSettings.defaults(config.migration())).await();
        server = StranglerServer.start(vertx, RunningStrangler.onPlane(config), migrator).await();
    }

    @AfterEach
    void stop() {
        server.stop().await();
        migrator.close();
        vertx.close().await();
    }

    @Test
    void unknownKey_isServedByLegacy_withOneLedgerEntryPerRetryAfter() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(get("NOSUCH").body()).startsWith("served-by: legacy\n");
        }

        assertThat(modernDb.count("SELECT count(*) FROM strangler.ledger WHERE user_key = 'NOSUCH'")).isEqualTo(1);
        assertThat(modernDb.count("SELECT count(*) FROM customer WHERE id = 'NOSUCH'")).isZero();
    }

    @Test
    void floodOfMadeUpKeys_startsOnlyAdmittedMigrations_theRestGoToLegacyUnattempted() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            flood.add(CLIENT.sendAsync(request("FLOOD" + i), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : flood) {
            assertThat(response.get().body()).startsWith("served-by: legacy\n");
        }

        long attempted = modernDb.count("SELECT count(*) FROM strangler.ledger WHERE user_key LIKE 'FLOOD%'");
        long refused = counter(scrape(), "strangler_admissions_refused_total");
        assertThat(refused).as("refused admissions").isPositive();
        // One request, one refusal: a request decided again (its user's state changed while it was being decided,
        // README "Barrier") keeps its refusal and is neither counted again nor attempted.
        assertThat(attempted + refused).as("each request attempted or refused, once").isEqualTo(8);
        assertThat(modernDb.count("SELECT count(*) FROM strangler.user_state WHERE user_key LIKE 'FLOOD%'"))
                .as("a refused user is not written anywhere").isEqualTo(attempted);
    }

    private static long counter(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + " ([0-9.]+)$").matcher(metrics);
        assertThat(matcher.find()).as(name + " in the scrape").isTrue();
        return (long) Double.parseDouble(matcher.group(1));
    }

    private HttpResponse<String> get(String user) throws Exception {
        return CLIENT.send(request(user), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String user) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/orders/1"))
                .header("X-User-Id", user).timeout(Duration.ofSeconds(15)).build();
    }

    private String scrape() throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
