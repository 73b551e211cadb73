package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cohort stages and the sync's figures on the admin API and {@code /metrics} (issue 17). The sync runs as its own
 * process; here its figures are the status row a running one writes.
 */
@ExtendWith(PostgresExtension.class)
class CoexistenceApiTest {

    private static Vertx vertx;
    private static RunningStrangler strangler;
    private static TestDatabase modernDb;

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        modernDb = modern;
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port()));
        strangler = RunningStrangler.start(vertx, file);
    }

    @AfterAll
    static void stop() {
        strangler.stop();
        vertx.close().await();
    }

    @Test
    void stages_areListedSetAuditedAndChecked() throws Exception {
        JsonObject listed = new JsonObject(strangler.admin("GET", "/admin/stages", null).body());
        assertThat(listed.getJsonArray("stages").getJsonObject(0).getString("stage")).isEqualTo("migrating");

        HttpResponse<String> set = strangler.admin("PUT", "/admin/stages/staff",
                "{\"stage\": \"coexisting\", \"reason\": \"pilots on modern\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(new JsonObject(set.body()).getString("stage")).isEqualTo("coexisting");
        assertThat(modernDb.count("SELECT count(*) FROM strangler.cohort_stage_audit WHERE cohort = 'staff'"
                + " AND old_stage IS NULL AND new_stage = 'coexisting' AND reason = 'pilots on modern'")).isEqualTo(1);

        assertThat(strangler.admin("PUT", "/admin/stages/staff", "{\"stage\": \"legacy\"}").statusCode())
                .isEqualTo(409);
        assertThat(strangler.admin("PUT", "/admin/stages/staff", "{\"stage\": \"complete\"}").body())
                .contains("strangler retire --cohort staff");
        assertThat(strangler.admin("PUT", "/admin/stages/staff", "{\"stage\": \"done\"}").statusCode())
                .isEqualTo(400);
        assertThat(strangler.admin("PUT", "/admin/stages/nobody", "{\"stage\": \"migrating\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void rollback_ofAUserOfACompleteCohort_isRefused() throws Exception {
        var stages = strangler.migrator().coexistence().stages();
        stages.set("everyone", CohortStage.COEXISTING, "test", null).await();
        stages.set("everyone", CohortStage.COMPLETE, "test", "retired").await();

        HttpResponse<String> refused = strangler.admin("POST", "/admin/users/BONAP/rollback", null);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("complete (legacy retired)");
    }

    @Test
    void syncFigures_showInStatusAndMetrics() throws Exception {
        JsonObject before = new JsonObject(strangler.admin("GET", "/admin/status", null).body());
        assertThat(before.getJsonObject("coexistence").getValue("sync")).isNull();

        modernDb.execute("INSERT INTO strangler.sync_status VALUES ('strangler', 'sync-host:7', '{\"holder\":"
                + " \"sync-host:7\", \"updatedAt\": \"2026-01-01T00:00:00Z\", \"lagSeconds\": {\"legacy_to_modern\":"
                + " 1.5, \"modern_to_legacy\": 0.25}, \"applied\": {\"legacy_to_modern\": 12}, \"skipped\":"
                + " {\"own_write\": 3}, \"conflicts\": {\"customer\": 2}, \"retainedWalBytes\": {\"strangler_legacy\":"
                + " 4096}}', now())");

        JsonObject status = new JsonObject(strangler.admin("GET", "/admin/status", null).body());
        assertThat(status.getJsonObject("coexistence").getJsonObject("sync").getString("holder"))
                .isEqualTo("sync-host:7");
        assertThat(new JsonObject(strangler.admin("GET", "/admin/sync", null).body())
                .getJsonObject("conflicts").getLong("customer")).isEqualTo(2);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String metrics = strangler.admin("GET", "/metrics", null).body();
            assertThat(metrics).contains("strangler_sync_lag_seconds{direction=\"legacy_to_modern\"} 1.5",
                    "strangler_sync_events_applied{direction=\"legacy_to_modern\"} 12.0",
                    "strangler_sync_events_skipped{reason=\"own_write\"} 3.0",
                    "strangler_sync_conflicts{entity=\"customer\"} 2.0",
                    "strangler_sync_retained_wal_bytes{slot=\"strangler_legacy\"} 4096.0",
                    "strangler_cohort_stage{cohort=\"everyone\",stage=\"complete\"}");
        });
    }
}
