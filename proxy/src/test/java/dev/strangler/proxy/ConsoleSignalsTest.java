package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.migrator.ShadowStore;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.proxy.tokens.TokenSecret;
import dev.strangler.rules.Upstream;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's signals (issue 18): the overview shows the upstreams' breakers, each cohort's stage and ramp and the
 * shadow match rate; the rollout page starts and pauses a configured ramp through the same actions as
 * {@code /admin/ramps}, with the {@code operate} scope, a reason and the CSRF token.
 */
@ExtendWith(PostgresExtension.class)
class ConsoleSignalsTest {

    private static final String READ = "console-signals-viewer-0123456789";

    private static Vertx vertx;
    private static RunningStrangler strangler;

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())
                .replace("token: \"" + RunningStrangler.TOKEN + "\" }", "token: \"" + RunningStrangler.TOKEN
                        + "\", tokens: [{ name: viewer, scope: read, sha256: \"" + TokenSecret.sha256Hex(READ)
                        + "\" }] }")
                .replace("    - { name: everyone, percent: 0 }", """
                            - name: everyone
                              percent: 0
                              ramp: { steps: [0.5, 1], interval: 10m, minRequests: 0, gates: { errorPoints: 1 } }
                        """.stripTrailing()));
        strangler = RunningStrangler.start(vertx, file);
    }

    @AfterAll
    static void stop() {
        strangler.stop();
        vertx.close().await();
    }

    private static ConsoleBrowser browser(String token) throws Exception {
        return new ConsoleBrowser(strangler.server().adminPort()).signedInAs(token);
    }

    @Test
    void overview_showsEachUpstreamsBreakerState_andEachCohortsStage() throws Exception {
        String live = browser(READ).get("/console/live").body();

        for (Upstream upstream : Upstream.values()) {
            assertThat(live).as("no ejection configured: the breaker stays closed")
                    .contains("<dt>Breaker " + upstream.id() + "</dt><dd>closed</dd>");
        }
        JsonObject stages = new JsonObject(strangler.admin("GET", "/admin/stages", null).body());
        String staff = stages.getJsonArray("stages").getJsonObject(0).getString("stage");
        assertThat(live).contains("<tr><th scope=\"row\">staff</th><td>" + staff + "</td><td>none</td></tr>");
    }

    @Test
    void overview_showsTheShadowMatchRatePerRoute_onceComparisonsAreRecorded() throws Exception {
        strangler.migrator().shadow().record(new ShadowStore.Batch(Map.of("orders", Map.of("match", 3L,
                "mismatch", 1L)), Map.of(), List.of(), Instant.now().truncatedTo(ChronoUnit.MINUTES)), 1000,
                Instant.now().minus(Duration.ofDays(7))).await();

        String live = browser(READ).get("/console/live").body();

        assertThat(live).contains("<tr><th scope=\"row\">orders</th><td>75.0%</td><td>4</td></tr>");
    }

    @Test
    void rampButtons_startAndPauseTheConfiguredRamp_andAReadOnlyTokenCannot() throws Exception {
        ConsoleBrowser viewer = browser(READ);
        String page = viewer.get("/console/rollout").body();
        assertThat(page).contains("id=\"ramp-everyone\"").contains("Ramp of everyone")
                .contains("<button type=\"submit\" name=\"action\" value=\"start\">Start the ramp</button>")
                .doesNotContain("id=\"ramp-staff\"");
        HttpResponse<String> refused = viewer.post("/console/ramps/everyone",
                Map.of("action", "start", "reason", "viewer tries"), true);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(strangler.admin("GET", "/admin/ramps/everyone", null).statusCode()).isEqualTo(404);

        ConsoleBrowser operator = browser(RunningStrangler.TOKEN);
        assertThat(operator.post("/console/ramps/everyone", Map.of("action", "start"), true).statusCode())
                .as("a ramp change needs a reason").isEqualTo(400);
        HttpResponse<String> started = operator.post("/console/ramps/everyone",
                Map.of("action", "start", "reason", "console <start>"), true);
        assertThat(started.statusCode()).isEqualTo(303);
        JsonObject ramp = new JsonObject(strangler.admin("GET", "/admin/ramps/everyone", null).body());
        assertThat(ramp.getString("status")).isEqualTo("running");
        assertThat(ramp.getString("reason")).isEqualTo("console <start>");
        assertThat(ramp.getString("changedBy")).contains("token:default");
        assertThat(operator.get("/console/rollout").body()).contains("Ramp of everyone: running, step 1 of 2.");
        assertThat(operator.get("/console/live").body()).contains("<tr><th scope=\"row\">everyone</th>")
                .contains("running, step 1 of 2");

        assertThat(operator.post("/console/ramps/everyone", Map.of("action", "start", "reason", "again"), true)
                .statusCode()).as("the ramp's state refuses a second start").isEqualTo(409);
        assertThat(operator.post("/console/ramps/everyone", Map.of("action", "pause", "reason", "hold on"), true)
                .statusCode()).isEqualTo(303);
        assertThat(new JsonObject(strangler.admin("GET", "/admin/ramps/everyone", null).body())
                .getString("status")).isEqualTo("paused");
        assertThat(operator.post("/console/ramps/everyone", Map.of("action", "start", "reason", "x"), false)
                .statusCode()).as("no CSRF token").isEqualTo(403);
    }
}
