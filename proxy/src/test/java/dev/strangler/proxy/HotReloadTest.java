package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watched configuration file: a valid edit is applied under load without a failed request, an invalid one is
 * ignored (the last good configuration keeps serving) and its errors are reported by the reload endpoint.
 */
@ExtendWith(PostgresExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotReloadTest {

    private static final String NEW_PAGES_TO_MODERN = "{ id: new-pages, path: \"/new/**\", to: modern }";
    private static final String NEW_PAGES_TO_LEGACY = "{ id: new-pages, path: \"/new/**\", to: legacy }";

    private static Vertx vertx;
    private static RunningStrangler strangler;
    private static Path file;
    private static String original;

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        file = folder.resolve("strangler.yaml");
        original = TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port());
        assertThat(original).contains(NEW_PAGES_TO_MODERN);
        Files.writeString(file, original);
        strangler = RunningStrangler.start(vertx, file);
    }

    @AfterAll
    static void stop() {
        strangler.stop();
        vertx.close().await();
    }

    @Test
    @Order(1)
    void validEdit_isAppliedUnderLoadWithoutAFailedRequest() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Thread load = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> response = strangler.get("/new/home", null);
                    sent.incrementAndGet();
                    if (response.statusCode() != 200) {
                        failed.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        });
        load.start();

        replaceFile(original.replace(NEW_PAGES_TO_MODERN, NEW_PAGES_TO_LEGACY));
        await("the edit is applied").atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> strangler.get("/new/home", null).body().startsWith("served-by: legacy"));
        int sentWhenApplied = sent.get();
        await("the load goes on after the switch").atMost(Duration.ofSeconds(10))
                .until(() -> sent.get() >= sentWhenApplied + 20);
        running.set(false);
        load.join();

        assertThat(sent.get()).isPositive();
        assertThat(failed.get()).isZero();
    }

    @Test
    @Order(2)
    void invalidEdit_isIgnoredAndItsErrorsAreReported() throws Exception {
        replaceFile(original.replace(NEW_PAGES_TO_MODERN, NEW_PAGES_TO_LEGACY)
                .replace("{ name: everyone, percent: 0 }", "{ name: everyone, percent: 140 }"));

        HttpResponse<String> reload = strangler.admin("POST", "/admin/config/reload", null);

        assertThat(reload.statusCode()).isEqualTo(422);
        JsonObject body = new JsonObject(reload.body());
        assertThat(body.getString("error")).isEqualTo("invalid_configuration");
        assertThat(body.getJsonArray("errors").encode()).contains("140");
        assertThat(strangler.get("/new/home", null).body()).startsWith("served-by: legacy");
        assertThat(strangler.server().resolver().table().percentages().get("everyone").basisPoints()).isZero();
    }

    @Test
    @Order(3)
    void editOfAListenerPort_isAppliedAndReportedAsNeedingARestart() throws Exception {
        String port = "port: " + strangler.server().port();
        replaceFile(original.replace(port, "port: " + TinyNorthwind.freePort()));

        HttpResponse<String> reload = strangler.admin("POST", "/admin/config/reload", null);

        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(reload.body()).getJsonArray("restartNeeded").encode()).contains("server");
        assertThat(strangler.get("/new/home", null).body()).startsWith("served-by: modern");
    }

    @Test
    @Order(4)
    void editOfARoutesComparison_isReportedAsNeedingARestart() throws Exception {
        replaceFile(original.replace("- { id: assets, path: \"/assets/**\", to: legacy }",
                "- { id: assets, path: \"/assets/**\", to: legacy, compare: { sample: 1% } }"));

        HttpResponse<String> reload = strangler.admin("POST", "/admin/config/reload", null);

        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(reload.body()).getJsonArray("restartNeeded").encode()).contains("shadow");
    }

    /** Writes beside the file and renames over it, as editors and Kubernetes' ConfigMap updates do. */
    private static void replaceFile(String text) throws Exception {
        Path next = file.resolveSibling(".strangler.yaml.next");
        Files.writeString(next, text);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
