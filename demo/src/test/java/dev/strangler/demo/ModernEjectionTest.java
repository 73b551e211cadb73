package dev.strangler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outlier ejection against the sample systems through a real proxy: the modern application goes away, the proxy
 * ejects it, and from then on a migrated customer gets a fast 503 with {@code Retry-After} (never legacy, which no
 * longer holds their data) while a customer not yet migrated stays on legacy and is not migrated, though their
 * cohort is at 100%.
 */
class ModernEjectionTest {

    private static final String CONFIG = """
            server: { host: 127.0.0.1, port: 0 }
            admin: { host: 127.0.0.1, port: 0, token: "${TOKEN}" }
            upstreams:
              legacy: { url: "${LEGACY_URL}" }
              modern: { url: "${MODERN_URL}", connectTimeout: 2s, ejection: { consecutiveFailures: 2, interval: 10m } }
            identity:
              - path: /api/customers/{key}/**
              - path: /api/customers/{key}
            routing:
              salt: rollout-2026
              routes:
                - { path: "/api/customers/{key}", to: rollout }
              cohorts:
                - { name: everyone, percent: 100 }
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
    void ejectedModern_stopsAdmissions_andNeverSendsAMigratedUserToLegacy() throws Exception {
        HttpResponse<Buffer> before = get("/api/customers/ALFKI");
        assertThat(before.getHeader("X-Served-By")).isEqualTo("modern");
        assertThat(state("ALFKI")).isEqualTo(UserState.MIGRATED);

        stack.modernApp().close().await();
        assertThat(get("/api/customers/ALFKI").statusCode()).isEqualTo(502);
        assertThat(get("/api/customers/ALFKI").statusCode()).isEqualTo(502);

        HttpResponse<Buffer> migrated = get("/api/customers/ALFKI");
        assertThat(migrated.statusCode()).isEqualTo(503);
        assertThat(migrated.getHeader("Retry-After")).isNotNull();
        assertThat(Long.parseLong(migrated.getHeader("Retry-After"))).isBetween(1L, 600L);
        assertThat(migrated.getHeader("X-Served-By")).isNull();

        HttpResponse<Buffer> newcomer = get("/api/customers/ANATR");
        assertThat(newcomer.statusCode()).isEqualTo(200);
        assertThat(newcomer.getHeader("X-Served-By")).isEqualTo("legacy");
        assertThat(state("ANATR")).isNotEqualTo(UserState.MIGRATED);
        assertThat(modernCustomers("ANATR")).isZero();

        assertThat(proxy.server().upstreamHealth().ejected(Upstream.MODERN)).isTrue();
        assertThat(proxy.server().upstreamHealth().admitsMigrations()).isFalse();
        JsonObject status = client.getAbs(proxy.adminUrl() + "/admin/status")
                .bearerTokenAuthentication(ProxyInFront.TOKEN).send().await().bodyAsJsonObject();
        JsonObject modern = status.getJsonObject("breakers").getJsonObject("upstreams").getJsonObject("modern");
        assertThat(modern.getString("state")).isEqualTo("open");
        assertThat(modern.getBoolean("ejected")).isTrue();
        assertThat(status.getJsonObject("breakers").getJsonArray("transitions").getJsonObject(0).getString("to"))
                .isEqualTo("open");
        String metrics = client.getAbs(proxy.adminUrl() + "/metrics").send().await().bodyAsString();
        assertThat(metrics).contains("strangler_upstream_ejected{upstream=\"modern\"} 1.0")
                .contains("strangler_breaker_state{state=\"open\",upstream=\"modern\"} 1.0");
    }

    private static UserState state(String user) {
        return proxy.migrator().states().find(user).await().state();
    }

    private static int modernCustomers(String user) throws Exception {
        try (Connection connection = stack.modernDatabase().connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM customer WHERE id = '" + user + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static HttpResponse<Buffer> get(String path) {
        return client.getAbs(proxy.url() + path).send().await();
    }
}
