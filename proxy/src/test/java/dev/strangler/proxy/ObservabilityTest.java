package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} after a scripted mix of requests and migrations, parsed as Prometheus text: every SPEC §7
 * metric with its type and labels, no user key anywhere, and every metric the Grafana dashboard and the alert rules
 * query. And the W3C trace context of a request reaches whichever upstream serves it.
 */
@ExtendWith(PostgresExtension.class)
class ObservabilityTest {

    private static Vertx vertx;
    private static RunningStrangler strangler;
    private static String scrape;

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())
                .replace("- { id: assets, path: \"/assets/**\", to: legacy }",
                        "- { id: assets, path: \"/assets/**\", to: legacy,"
                                + " compare: { sample: 100%, compareOnly: true } }")
                .replace("modern: { url: \"http://127.0.0.1:" + modernApp.port() + "\", timeout: 5s }",
                        "modern: { url: \"http://127.0.0.1:" + modernApp.port() + "\", timeout: 5s, ejection: {} }"));
        strangler = RunningStrangler.start(vertx, file);
        strangler.get("/api/orders/1", "ALFKI");
        strangler.get("/api/orders/1", "BROKN");
        strangler.get("/api/orders/1", "BONAP");
        strangler.get("/assets/app.css", null);
        strangler.get("/new/home", "ANATR");
        strangler.admin("POST", "/admin/users/ANATR/migrate", null);
        await().until(() -> strangler.server().registry().find("strangler.shadow.comparisons").counter() != null);
        strangler.admin("POST", "/admin/ramps/everyone/start",
                "{\"plan\": {\"steps\": [50, 100], \"interval\": \"1h\"}, \"reason\": \"scrape\"}");
        strangler.admin("POST", "/admin/ramps/everyone/abort", "{\"reason\": \"scrape\"}");
        strangler.server().ramps().tick().await();
        strangler.server().control().gauges().refresh().await();
        scrape = strangler.admin("GET", "/metrics", null, null, Map.of()).body();
    }

    @AfterAll
    static void stop() {
        strangler.stop();
        vertx.close().await();
    }

    @Test
    void everySpecMetric_isExportedWithItsTypeAndLabels() {
        PrometheusText text = PrometheusText.parse(scrape);

        assertThat(text.typeOf("strangler_requests_total")).isEqualTo("counter");
        assertThat(text.labels().get("strangler_requests_total"))
                .containsExactlyInAnyOrder("upstream", "route", "cohort", "status_class");
        assertThat(text.typeOf("strangler_upstream_duration_seconds")).isEqualTo("histogram");
        assertThat(text.labels().get("strangler_upstream_duration_seconds_bucket")).contains("upstream", "le");
        assertThat(text.typeOf("strangler_migrations_total")).isEqualTo("counter");
        assertThat(text.labels().get("strangler_migrations_total")).containsExactlyInAnyOrder("outcome", "trigger");
        assertThat(text.typeOf("strangler_migration_duration_seconds")).isEqualTo("histogram");
        assertThat(text.labels()).containsKey("strangler_migration_duration_seconds_bucket");
        assertThat(text.typeOf("strangler_users")).isEqualTo("gauge");
        assertThat(text.labels().get("strangler_users")).containsExactly("state");
        assertThat(text.typeOf("strangler_rollout_percent")).isEqualTo("gauge");
        assertThat(text.labels().get("strangler_rollout_percent")).containsExactly("cohort");
        assertThat(text.typeOf("strangler_inflight_migrations")).isEqualTo("gauge");
        assertThat(text.typeOf("strangler_migration_violations_total")).isEqualTo("counter");
        assertThat(text.labels().get("strangler_migration_violations_total"))
                .containsExactlyInAnyOrder("entity", "rule");
        assertThat(text.labels()).containsKey("jvm_memory_used_bytes");
        assertThat(text.typeOf("strangler_ramp_status")).isEqualTo("gauge");
        assertThat(text.labels().get("strangler_ramp_status")).containsExactlyInAnyOrder("cohort", "status");
        assertThat(text.typeOf("strangler_ramp_changes_total")).isEqualTo("counter");
        assertThat(text.typeOf("strangler_control_last_notification_seconds")).isEqualTo("gauge");
    }

    @Test
    void scrape_reflectsTheMixOfRequestsAndMigrations() {
        assertThat(scrape)
                .containsPattern("strangler_migrations_total\\{outcome=\"MIGRATED\",trigger=\"request\"} [1-9]")
                .containsPattern("strangler_migrations_total\\{outcome=\"MIGRATED\",trigger=\"admin\"} [1-9]")
                .containsPattern("strangler_migrations_total\\{outcome=\"INVALID\",trigger=\"request\"} [1-9]")
                .contains("strangler_migration_violations_total{entity=\"customer\",rule=\"company name is empty\"}")
                .containsPattern("strangler_users\\{state=\"MIGRATED\"} 2")
                .contains("strangler_rollout_percent{cohort=\"staff\"} 100")
                .contains("strangler_ramp_status{cohort=\"everyone\",status=\"aborted\"} 1.0")
                .contains("strangler_ramp_changes_total{action=\"abort\",cohort=\"everyone\"} 1.0");
    }

    @Test
    void scrape_holdsNoUserKeyAndNoRawPath() {
        assertThat(scrape).doesNotContain("ALFKI", "BROKN", "BONAP", "ANATR", "/api/orders", "/new/home");
    }

    @Test
    void traceparent_reachesBothUpstreams() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        for (String path : new String[] {"/assets/app.css", "/new/home"}) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + strangler.server().port() + path))
                            .header("traceparent", traceparent).header("tracestate", "vendor=1").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.body()).contains("traceparent: " + traceparent).contains("tracestate: vendor=1");
        }
    }

    /** Published once a strangler sync has written its figures (none runs here); CoexistenceApiTest scrapes them. */
    private static final Set<String> AFTER_A_SYNC_RAN = Set.of("strangler_sync_lag_seconds",
            "strangler_sync_events_applied", "strangler_sync_events_skipped", "strangler_sync_conflicts",
            "strangler_sync_retained_wal_bytes");

    @Test
    void everyMetricTheGrafanaDashboardQueries_isExported() throws Exception {
        Set<String> queried = metricsIn(Path.of("..", "deploy", "grafana", "strangler.json"));
        queried.removeAll(AFTER_A_SYNC_RAN);
        Set<String> exported = PrometheusText.parse(scrape).labels().keySet();

        assertThat(queried).isNotEmpty();
        assertThat(exported).containsAll(queried);
    }

    @Test
    void everyMetricTheAlertRulesQuery_isExported() throws Exception {
        Set<String> queried = metricsIn(Path.of("..", "deploy", "prometheus", "alerts.yml"));
        // Counted only when a user's state cannot be read, which this scripted mix never provokes.
        queried.remove("strangler_unknown_state_total");
        queried.removeAll(AFTER_A_SYNC_RAN);
        Set<String> exported = PrometheusText.parse(scrape).labels().keySet();

        assertThat(queried).contains("strangler_requests_total", "strangler_held_requests");
        assertThat(queried).as("named in the rules, a histogram by its base name")
                .allSatisfy(name -> assertThat(exported).containsAnyOf(name, name + "_bucket"));
    }

    private static Set<String> metricsIn(Path file) throws Exception {
        Set<String> metrics = new TreeSet<>();
        Matcher metric = Pattern.compile("strangler_[a-z_]+").matcher(Files.readString(file));
        while (metric.find()) {
            metrics.add(metric.group());
        }
        return metrics;
    }
}
