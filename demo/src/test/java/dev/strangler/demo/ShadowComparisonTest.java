package dev.strangler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.cli.StranglerCli;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Shadow comparison against the sample systems through a real proxy: a migrated customer's profile, answered by
 * modern, is compared with legacy's; a difference injected into the modern system shows up in
 * {@code GET /admin/shadow} and {@code strangler shadow report} with the field that differs.
 */
class ShadowComparisonTest {

    private static final String CONFIG = """
            server: { host: 127.0.0.1, port: 0 }
            admin: { host: 127.0.0.1, port: 0, token: "${TOKEN}" }
            upstreams:
              legacy: { url: "${LEGACY_URL}" }
              modern: { url: "${MODERN_URL}" }
            identity:
              - path: /api/customers/{key}/**
              - path: /api/customers/{key}
            routing:
              salt: rollout-2026
              routes:
                - id: customer
                  path: "/api/customers/{key}"
                  to: rollout
                  compare: { sample: 100%, ignore: ["$.system"], timeout: 5s }
              cohorts:
                - { name: pilot, users: [ALFKI, ANATR], percent: 100 }
            shadow: { keep: 5 }
            plan: northwind-plan.yaml
            """;

    @TempDir
    static Path folder;

    private static DemoStack stack;
    private static ProxyInFront proxy;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        stack = DemoStack.start(new DemoStack.Options(null, 0, 0));
        proxy = ProxyInFront.start(stack, folder.resolve("config"), CONFIG);
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await();
        proxy.close();
        stack.close();
    }

    @Test
    void migratedCustomersProfile_matchesLegacy_untilModernChangesAField() throws Exception {
        HttpResponse<Buffer> first = get("/api/customers/ALFKI");
        assertThat(first.getHeader("X-Served-By")).isEqualTo("modern");
        assertThat(first.getHeader("X-Strangler-Shadow")).isNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> rate("customer").matches() >= 1);
        assertThat(rate("customer").mismatches()).isZero();

        try (Connection connection = stack.modernDatabase().connect();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE contact SET name = 'Mallory Modern' WHERE customer_id = 'ALFKI'");
        }
        HttpResponse<Buffer> changed = get("/api/customers/ALFKI");

        assertThat(changed.getHeader("X-Served-By")).isEqualTo("modern");
        assertThat(changed.bodyAsString()).contains("Mallory Modern");
        await().atMost(Duration.ofSeconds(30)).until(() -> rate("customer").mismatches() == 1);
        JsonObject route = await().atMost(Duration.ofSeconds(30)).until(ShadowComparisonTest::reportedRoute,
                found -> found != null && !found.getJsonArray("mismatches").isEmpty());
        assertThat(route.getJsonArray("fields")).singleElement().satisfies(field -> {
            assertThat(((JsonObject) field).getString("field")).isEqualTo("$.customer.contact.name");
            assertThat(((JsonObject) field).getLong("count")).isEqualTo(1);
        });
        JsonObject mismatch = route.getJsonArray("mismatches").getJsonObject(0);
        assertThat(mismatch.getString("user")).isEqualTo("ALFKI");
        assertThat(mismatch.getString("uri")).isEqualTo("/api/customers/ALFKI");
        assertThat(mismatch.getJsonArray("fields")).containsExactly("$.customer.contact.name");
        assertThat(mismatch.getJsonObject("primary").getString("side")).isEqualTo("modern");
        assertThat(mismatch.getJsonObject("primary").getString("body")).contains("Mallory Modern");
        assertThat(mismatch.getJsonObject("shadow").getString("side")).isEqualTo("legacy");
        assertThat(mismatch.getJsonObject("shadow").getString("body")).contains("Maria Anders");
        assertThat(route.getDouble("matchRate")).isLessThan(1.0);

        StringWriter out = new StringWriter();
        CommandLine cli = StranglerCli.commandLine();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("shadow", "report", "--config", proxy.configFile().toString(), "--window", "1h");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("customer: ").contains("1 mismatch").contains("$.customer.contact.name")
                .contains("GET /api/customers/ALFKI user ALFKI");
        String metrics = client.getAbs(proxy.adminUrl() + "/metrics").send().await().bodyAsString();
        assertThat(metrics).contains("strangler_shadow_comparisons_total{result=\"mismatch\",route=\"customer\"} 1.0");
    }

    @Test
    void reportOverAWindowItCannotRead_isABadRequest() {
        HttpResponse<Buffer> answer = client.getAbs(proxy.adminUrl() + "/admin/shadow?window=2w")
                .bearerTokenAuthentication(ProxyInFront.TOKEN).send().await();

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.bodyAsJsonObject().getString("detail")).startsWith("window: 2w (expected:");
    }

    @Test
    void customerNotMigrated_isNeverCompared() {
        HttpResponse<Buffer> other = get("/api/customers/BERGS");

        assertThat(other.getHeader("X-Served-By")).isEqualTo("legacy");
        assertThat(proxy.server().matchRates().cohort("none", Duration.ofHours(1)))
                .isEqualTo(dev.strangler.proxy.shadow.MatchRate.NONE);
    }

    private static dev.strangler.proxy.shadow.MatchRate rate(String route) {
        return proxy.server().matchRates().route(route, Duration.ofHours(1));
    }

    private static JsonObject reportedRoute() {
        HttpResponse<Buffer> answer = client.getAbs(proxy.adminUrl() + "/admin/shadow?window=1h")
                .bearerTokenAuthentication(ProxyInFront.TOKEN).send().await();
        assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
        JsonArray routes = answer.bodyAsJsonObject().getJsonArray("routes");
        for (int i = 0; i < routes.size(); i++) {
            if ("customer".equals(routes.getJsonObject(i).getString("route"))) {
                return routes.getJsonObject(i);
            }
        }
        return null;
    }

    private static HttpResponse<Buffer> get(String path) {
        return client.getAbs(proxy.url() + path).send().await();
    }
}
