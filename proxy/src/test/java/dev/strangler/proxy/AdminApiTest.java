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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every endpoint of the admin API (SPEC §6) on a running instance: its happy path, its token, its bad input. */
@ExtendWith(PostgresExtension.class)
class AdminApiTest {

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
        Files.writeString(file, RunningStrangler.withRollback(
                TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())));
        strangler = RunningStrangler.start(vertx, file);
    }

    @AfterAll
    static void stop() {
        strangler.stop();
        vertx.close().await();
    }

    @ParameterizedTest
    @CsvSource({"GET,/admin/rollout", "PUT,/admin/rollout/staff", "DELETE,/admin/rollout/staff",
            "GET,/admin/users/ALFKI", "POST,/admin/users/ALFKI/migrate", "PUT,/admin/users/ALFKI/pin",
            "DELETE,/admin/users/ALFKI/pin", "GET,/admin/migrations", "POST,/admin/migrations/retry",
            "GET,/admin/status", "POST,/admin/config/reload", "POST,/admin/users/ALFKI/rollback",
            "POST,/admin/backfill/start", "POST,/admin/backfill/stop", "GET,/admin/backfill"})
    void everyAdminEndpoint_refusesAMissingOrWrongToken(String method, String path) throws Exception {
        HttpResponse<String> none = strangler.admin(method, path, "{\"percent\": 1}", null, Map.of());
        HttpResponse<String> wrong = strangler.admin(method, path, "{\"percent\": 1}",
                "Bearer " + RunningStrangler.TOKEN + "x", Map.of());
        HttpResponse<String> basic = strangler.admin(method, path, "{\"percent\": 1}", "Basic YWRtaW46YWRtaW4=",
                Map.of());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(none.body()).getString("error")).isEqualTo("unauthorized");
        assertThat(auditRows()).isZero();
    }

    @Test
    void healthAndMetrics_needNoToken() throws Exception {
        assertThat(strangler.admin("GET", "/health/live", null, null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(strangler.admin("GET", "/health/ready", null, null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(strangler.admin("GET", "/metrics", null, null, Map.of()).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"percent\": -1}", "{\"percent\": 101}", "{\"percent\": \"abc\"}",
            "{\"percent\": \"NaN\"}", "{\"percent\": NaN}", "{\"percent\": 12.345}", "{}", "[12]", "not json",
            "{\"percent\": 5, \"reason\": 7}"})
    void rolloutChangeWithBadInput_is400AndChangesNothing(String body) throws Exception {
        HttpResponse<String> response = strangler.admin("PUT", "/admin/rollout/everyone", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(new JsonObject(response.body()).fieldNames()).containsExactlyInAnyOrder("error", "detail");
        assertThat(auditRows()).isZero();
        assertThat(strangler.server().resolver().table().percentages().get("everyone").basisPoints()).isZero();
    }

    @Test
    void rolloutChangeWithAMegabyteBody_isRefusedAndChangesNothing() throws Exception {
        String huge = "{\"percent\": 5, \"reason\": \"" + "x".repeat(1024 * 1024) + "\"}";

        HttpResponse<String> response = strangler.admin("PUT", "/admin/rollout/everyone", huge);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(auditRows()).isZero();
    }

    @Test
    void rolloutOfAnUnknownCohort_is404() throws Exception {
        assertThat(strangler.admin("PUT", "/admin/rollout/nobody", "{\"percent\": 5}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void rollout_showsConfiguredRuntimeAndEffectivePercentagesAndWhoSetThem() throws Exception {
        HttpResponse<String> put = strangler.admin("PUT", "/admin/rollout/staff", "{\"percent\": 50,"
                + " \"reason\": \"halve staff\"}", "Bearer " + RunningStrangler.TOKEN,
                Map.of("X-Strangler-Actor", "alice"));
        JsonObject staff = new JsonObject(strangler.admin("GET", "/admin/rollout", null).body())
                .getJsonArray("cohorts").getJsonObject(0);
        HttpResponse<String> cleared = strangler.admin("DELETE", "/admin/rollout/staff", null);

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(staff.getMap()).containsEntry("cohort", "staff").containsEntry("configured", 100.0)
                .containsEntry("runtime", 50.0).containsEntry("effective", 50.0)
                .containsEntry("reason", "halve staff").containsEntry("version", 1);
        assertThat(staff.getString("changedBy")).startsWith("alice (token:");
        assertThat(new JsonObject(cleared.body()).getDouble("effective")).isEqualTo(100.0);
        assertThat(auditRows()).isEqualTo(2);
        resetAudit();
    }

    @Test
    void user_showsDecisionStatePinAndLedger() throws Exception {
        HttpResponse<String> migrated = strangler.admin("POST", "/admin/users/ALFKI/migrate", null);
        JsonObject user = new JsonObject(strangler.admin("GET", "/admin/users/ALFKI", null).body());

        assertThat(new JsonObject(migrated.body()).getString("outcome")).isIn("MIGRATED", "SKIPPED");
        assertThat(user.getString("state")).isEqualTo("MIGRATED");
        assertThat(user.getJsonObject("decision").getString("upstream")).isEqualTo("modern");
        assertThat(user.getJsonObject("decision").getString("explain")).isNotBlank();
        assertThat(user.getJsonArray("ledger")).isNotEmpty();
    }

    @Test
    void migrateWithBadForce_is400() throws Exception {
        assertThat(strangler.admin("POST", "/admin/users/ALFKI/migrate?force=maybe", null).statusCode())
                .isEqualTo(400);
        assertThat(strangler.admin("POST", "/admin/users/ALFKI/migrate?force=true", null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void pin_setsAndClearsAndRefusesAnUnknownUpstream() throws Exception {
        HttpResponse<String> bad = strangler.admin("PUT", "/admin/users/BONAP/pin", "{\"to\": \"mainframe\"}");
        HttpResponse<String> set = strangler.admin("PUT", "/admin/users/BONAP/pin", "{\"to\": \"modern\"}");
        String pinned = new JsonObject(strangler.admin("GET", "/admin/users/BONAP", null).body()).getString("pin");
        HttpResponse<String> cleared = strangler.admin("DELETE", "/admin/users/BONAP/pin", null);

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(pinned).isEqualTo("modern");
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(strangler.migrator().states().find("BONAP").await().pin()).isNull();
    }

    @Test
    void pinningAMigratedUserToLegacy_is409PointingAtRollback() throws Exception {
        strangler.admin("POST", "/admin/users/ANATR/migrate", null);

        HttpResponse<String> refused = strangler.admin("PUT", "/admin/users/ANATR/pin", "{\"to\": \"legacy\"}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(refused.body()).getString("detail")).contains("MIGRATED").contains("rollback");
        assertThat(strangler.migrator().states().find("ANATR").await().pin()).isNull();
    }

    @Test
    void migrations_listsInvalidEntriesNewestFirstAndRetriesThem() throws Exception {
        strangler.get("/api/orders/1", "BROKN");

        JsonObject invalid = new JsonObject(strangler.admin("GET", "/admin/migrations?outcome=INVALID&limit=5",
                null).body());
        JsonObject byUser = new JsonObject(strangler.admin("GET", "/admin/migrations?user=BROKN", null).body());
        JsonObject retried = new JsonObject(strangler.admin("POST", "/admin/migrations/retry", null).body());

        assertThat(invalid.getJsonArray("entries")).isNotEmpty();
        assertThat(invalid.getJsonArray("entries").getJsonObject(0).getString("userKey")).isEqualTo("BROKN");
        assertThat(byUser.getJsonArray("entries")).isNotEmpty();
        assertThat(retried.getInteger("retried")).isGreaterThanOrEqualTo(1);
        assertThat(retried.getJsonObject("outcomes").getInteger("INVALID")).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"outcome=BROKEN", "limit=0", "limit=1001", "limit=abc"})
    void migrationsWithBadQuery_is400(String query) throws Exception {
        assertThat(strangler.admin("GET", "/admin/migrations?" + query, null).statusCode()).isEqualTo(400);
    }

    @Test
    void status_countsUsersByStateWithRatesAndErrorRates() throws Exception {
        JsonObject status = new JsonObject(strangler.admin("GET", "/admin/status", null).body());

        assertThat(status.fieldNames()).contains("migrationsPerSecond", "errorRate");
        assertThat(status.getJsonObject("errorRate").fieldNames()).containsExactlyInAnyOrder("legacy", "modern");
        assertThat(status.encode()).contains("MIGRATED");
    }

    @Test
    void configReload_ofAnUnchangedFile_appliesWithNothingToRestart() throws Exception {
        HttpResponse<String> reload = strangler.admin("POST", "/admin/config/reload", null);

        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(reload.body()).getJsonArray("restartNeeded")).isEmpty();
    }

    @Test
    void aGetOnAMutation_isRefused() throws Exception {
        assertThat(strangler.admin("GET", "/admin/config/reload", null).statusCode()).isEqualTo(405);
        assertThat(strangler.admin("GET", "/admin/migrations/retry", null).statusCode()).isEqualTo(405);
    }

    @Test
    void rollbackOfAUserNeverMigrated_changesNothing() throws Exception {
        HttpResponse<String> rollback = strangler.admin("POST", "/admin/users/NOONE/rollback", null);

        assertThat(rollback.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(rollback.body()).getString("outcome")).isEqualTo("NOT_ROLLED_BACK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"rate\": -5}", "{\"concurrency\": \"many\"}", "{\"retryFailed\": 1}", "[]"})
    void backfillStartWithBadSettings_is400(String body) throws Exception {
        HttpResponse<String> start = strangler.admin("POST", "/admin/backfill/start", body);

        assertThat(start.statusCode()).as(start.body()).isEqualTo(400);
        assertThat(new JsonObject(strangler.admin("GET", "/admin/backfill", null).body()).getBoolean("running"))
                .isFalse();
    }

    @Test
    void backfill_startsOnceReportsProgressAndStops() throws Exception {
        HttpResponse<String> start = strangler.admin("POST", "/admin/backfill/start", "{\"rate\": 50}");
        HttpResponse<String> again = strangler.admin("POST", "/admin/backfill/start", null);
        HttpResponse<String> stop = strangler.admin("POST", "/admin/backfill/stop", null);
        JsonObject status = await("the backfill stops").atMost(java.time.Duration.ofSeconds(20))
                .pollDelay(java.time.Duration.ZERO).pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> new JsonObject(strangler.admin("GET", "/admin/backfill", null).body()),
                        backfill -> !backfill.getBoolean("running"));

        assertThat(start.statusCode()).as(start.body()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(stop.statusCode()).isEqualTo(202);
        assertThat(status.getString("failure")).isNull();
        assertThat(strangler.admin("POST", "/admin/backfill/stop", null).statusCode()).isEqualTo(409);
    }

    private static int auditRows() throws Exception {
        try (Connection connection = modernDb.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM strangler.rollout_audit")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The audit log refuses deletes, so the one test that writes it is measured against what it wrote. */
    private static void resetAudit() throws Exception {
        try (Connection connection = modernDb.connect(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE strangler.rollout_audit DISABLE TRIGGER rollout_audit_is_append_only;"
                    + "DELETE FROM strangler.rollout_audit;"
                    + "ALTER TABLE strangler.rollout_audit ENABLE TRIGGER rollout_audit_is_append_only;");
        }
    }
}
