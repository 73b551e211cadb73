package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the Debian package's binary, when on the PATH) scrapes a running Strangler's admin port:
 * the target comes up, {@code strangler_requests_total} has samples, and the alert rules of
 * {@code deploy/prometheus/alerts.yml} evaluate without error against them. Skipped where Prometheus is not
 * installed.
 */
@ExtendWith(PostgresExtension.class)
class PrometheusScrapeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Path ALERTS = Path.of("..", "deploy", "prometheus", "alerts.yml");

    @Test
    void prometheus_scrapesTheAdminPort(@Postgres("legacy") TestDatabase legacy,
                                        @Postgres("modern") TestDatabase modern,
                                        @TempDir Path folder) throws Exception {
        Optional<Path> binary = onPath("prometheus");
        assumeTrue(binary.isPresent(), "prometheus is not on the PATH");
        TinyNorthwind.create(legacy, modern);
        Vertx vertx = Vertx.vertx();
        RunningStrangler strangler = null;
        Process prometheus = null;
        try {
            EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
            EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
            Path file = folder.resolve("strangler.yaml");
            Files.writeString(file, TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port()));
            strangler = RunningStrangler.start(vertx, file);
            Path config = folder.resolve("prometheus.yml");
            Files.writeString(config, """
                    global: { scrape_interval: 1s, evaluation_interval: 1s }
                    rule_files: [ "%s" ]
                    scrape_configs:
                      - job_name: strangler
                        metrics_path: /metrics
                        static_configs: [ { targets: [ "127.0.0.1:%d" ] } ]
                    """.formatted(ALERTS.toAbsolutePath(), strangler.server().adminPort()));
            int port = freePort();
            prometheus = new ProcessBuilder(binary.get().toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + folder.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(folder.resolve("prometheus.log").toFile()).start();
            strangler.get("/api/orders/1", "ALFKI");
            strangler.get("/assets/app.css", null);
            strangler.get("/new/home", "ANATR");

            JsonArray up = awaitSamples(port, "up{job=\"strangler\"} == 1");
            JsonArray requests = awaitSamples(port, "strangler_requests_total");

            JsonArray rules = awaitEvaluatedRules(port);

            assertThat(up).hasSize(1);
            assertThat(rules).as("the alert rules of deploy/prometheus/alerts.yml").isNotEmpty()
                    .allSatisfy(rule -> assertThat(((JsonObject) rule).getString("health"))
                            .as("%s", rule).isEqualTo("ok"));
            assertThat(requests.stream().map(sample -> ((JsonObject) sample).getJsonObject("metric")))
                    .anySatisfy(labels -> assertThat(labels.getString("upstream")).isEqualTo("legacy"))
                    .allSatisfy(labels -> assertThat(labels.fieldNames())
                            .contains("route", "cohort", "status_class"));
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor();
                }
            }
            if (strangler != null) {
                strangler.stop();
            }
            vertx.close().await();
        }
    }

    /** The rules Prometheus loaded, once each was evaluated at least once (against the real scrape). */
    private static JsonArray awaitEvaluatedRules(int port) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/rules");
        JsonArray rules = new JsonArray();
        await().atMost(PATIENCE).until(() -> {
            rules.clear();
            new JsonObject(CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                    .body()).getJsonObject("data").getJsonArray("groups")
                    .forEach(group -> rules.addAll(((JsonObject) group).getJsonArray("rules")));
            return !rules.isEmpty() && rules.stream().allMatch(rule -> !((JsonObject) rule)
                    .getString("lastEvaluation").startsWith("0001-"));
        });
        return rules;
    }

    /** Polls Prometheus's query API (bounded) until {@code query} returns samples, and returns them. */
    private static JsonArray awaitSamples(int port, String query) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        AtomicReference<String> last = new AtomicReference<>("no answer");
        try {
            return await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .until(() -> samples(uri, last), result -> !result.isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no samples for " + query + " within " + PATIENCE + "; last answer: "
                    + last.get(), e);
        }
    }

    /** One query: its samples, empty while Prometheus is not listening or has none; keeps the answer in last. */
    private static JsonArray samples(URI uri, AtomicReference<String> last) throws InterruptedException {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            last.set(response.body());
            return response.statusCode() == 200
                    ? new JsonObject(response.body()).getJsonObject("data").getJsonArray("result")
                    : new JsonArray();
        } catch (java.io.IOException notListeningYet) {
            last.set(notListeningYet.toString());
            return new JsonArray();
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
