package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.migrator.ChangeAudit;
import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
 * Routing respects cohort stages (issue 17), on two instances of one state database: a stage set through one
 * instance is applied by both (NOTIFY, or the re-read after a missed one). {@code legacy} sends no user who is not
 * migrated to modern and migrates nobody, whatever the percentage or a pin, while migrated users stay on modern;
 * {@code migrating} and {@code coexisting} route by percentage; {@code complete} sends every user to modern,
 * migrating first. Each test has its own cohort, so their order does not matter.
 */
@ExtendWith(PostgresExtension.class)
class StageRoutingTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String COHORTS = """
                - { name: held, users: [HLD01, HLD02, HLD03], percent: 100 }
                - { name: ramped, users: [RMP01], percent: 100 }
                - { name: late, users: [LAT01], percent: 0 }
                - { name: done, users: [DON01], percent: 0 }
                - { name: gap, users: [GAP01], percent: 100 }
                - { name: audited, users: [AUD01], percent: 0 }
                - { name: everyone, percent: 0 }
            """;

    private static Vertx vertx;
    private static RunningStrangler a;
    private static RunningStrangler b;
    private static TestDatabase modernDb;

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        modernDb = modern;
        TinyNorthwind.create(legacy, modern);
        legacy.execute("INSERT INTO customers (customer_id, company_name, country) VALUES"
                + " ('HLD01', 'Held One', 'FR'), ('HLD02', 'Held Two', 'FR'), ('HLD03', 'Held Three', 'FR'),"
                + " ('RMP01', 'Ramped', 'DE'), ('LAT01', 'Late', 'DE'), ('DON01', 'Done', 'IT'),"
                + " ('GAP01', 'Gap', 'IT')");
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        a = RunningStrangler.start(vertx, write(folder.resolve("a"), legacy, modern, legacyApp, modernApp));
        b = RunningStrangler.start(vertx, write(folder.resolve("b"), legacy, modern, legacyApp, modernApp));
    }

    private static Path write(Path folder, TestDatabase legacy, TestDatabase modern, EchoBackend legacyApp,
                              EchoBackend modernApp) throws Exception {
        String config = TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port());
        String cohorts = config.substring(config.indexOf("    - { name: staff"), config.indexOf("\nmigration:") + 1);
        Path file = Files.createDirectories(folder).resolve("strangler.yaml");
        Files.writeString(file, config.replace(cohorts, COHORTS));
        return file;
    }

    @AfterAll
    static void stop() {
        a.stop();
        b.stop();
        vertx.close().await();
    }

    @Test
    void legacyStage_sendsNoNewUserToModern_migratesNobody_keepsMigratedUsersOnModern() throws Exception {
        assertThat(servedBy(a, "HLD01")).isEqualTo("modern");

        HttpResponse<String> set = a.admin("PUT", "/admin/stages/held",
                "{\"stage\": \"legacy\", \"reason\": \"pilots paused\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        awaitStage(b, "held", CohortStage.LEGACY);
        HttpResponse<String> pinned = b.admin("PUT", "/admin/users/HLD03/pin", "{\"to\": \"modern\"}");
        assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(200);

        for (RunningStrangler instance : new RunningStrangler[] {a, b}) {
            assertThat(servedBy(instance, "HLD02")).as("a new user of a legacy-stage cohort at 100 %")
                    .isEqualTo("legacy");
            assertThat(servedBy(instance, "HLD03")).as("a user pinned to modern, not migrated").isEqualTo("legacy");
            assertThat(servedBy(instance, "HLD01")).as("a migrated user: their data is on modern")
                    .isEqualTo("modern");
        }
        assertThat(modernDb.count("SELECT count(*) FROM strangler.ledger WHERE user_key IN ('HLD02', 'HLD03')"))
                .isZero();
        assertThat(modernDb.count("SELECT count(*) FROM customer WHERE id IN ('HLD02', 'HLD03')")).isZero();

        JsonObject decision = new JsonObject(b.admin("GET", "/admin/users/HLD02", null).body())
                .getJsonObject("decision");
        assertThat(decision.getString("upstream")).isEqualTo("legacy");
        assertThat(decision.getBoolean("migrateFirst")).isFalse();
        assertThat(decision.getString("stage")).isEqualTo("legacy");
        assertThat(decision.getString("explain")).contains("stage legacy (no user who is not migrated goes to modern");
        JsonObject pinnedDecision = new JsonObject(b.admin("GET", "/admin/users/HLD03", null).body())
                .getJsonObject("decision");
        assertThat(pinnedDecision.getString("upstream")).isEqualTo("legacy");
        assertThat(pinnedDecision.getString("stage")).isEqualTo("legacy");
        assertThat(stageInStatus(b, "held").getString("routedHere")).isEqualTo("legacy");
        assertThat(stageInStatus(b, "held").getString("routing")).contains("no migration");
    }

    @Test
    void stageChanges_areInTheChangeAudit() throws Exception {
        a.migrator().coexistence().stages().set("audited", CohortStage.COEXISTING, "test:auditor", "audited")
                .await();

        assertThat(a.migrator().audit().recent(50).await()).anySatisfy(entry -> {
            assertThat(entry.kind()).isEqualTo("stage");
            assertThat(entry.subject()).isEqualTo("audited");
            assertThat(entry.actor()).isEqualTo("test:auditor");
            assertThat(entry.reason()).isEqualTo("audited");
            assertThat(entry.details()).isEqualTo(new JsonObject().put("from", null).put("to", "coexisting"));
        });
        assertThat(modernDb.count("SELECT count(*) FROM strangler.change_audit WHERE kind = 'stage'"
                + " AND subject = 'audited' AND details ->> 'to' = 'coexisting'")).isEqualTo(1);
    }

    @Test
    void migratingAndCoexistingStages_routeByPercentage() throws Exception {
        a.admin("PUT", "/admin/stages/ramped", "{\"stage\": \"coexisting\"}");
        a.admin("PUT", "/admin/stages/late", "{\"stage\": \"coexisting\"}");
        awaitStage(b, "ramped", CohortStage.COEXISTING);
        awaitStage(b, "late", CohortStage.COEXISTING);

        assertThat(servedBy(b, "RMP01")).as("coexisting at 100 %").isEqualTo("modern");
        assertThat(servedBy(b, "LAT01")).as("coexisting at 0 %").isEqualTo("legacy");
        assertThat(modernDb.count("SELECT count(*) FROM customer WHERE id = 'RMP01'")).isEqualTo(1);
        assertThat(modernDb.count("SELECT count(*) FROM strangler.ledger WHERE user_key = 'LAT01'")).isZero();
        assertThat(stageInStatus(b, "late").getString("routing")).isEqualTo("by percentage");
    }

    @Test
    void completeStage_sendsEveryUserToModern_migratingFirst() throws Exception {
        assertThat(servedBy(b, "DON01")).as("at 0 % before the stage").isEqualTo("legacy");
        var stages = a.migrator().coexistence().stages();
        stages.set("done", CohortStage.COEXISTING, "test", null).await();
        stages.set("done", CohortStage.COMPLETE, "test", "retired").await();
        awaitStage(b, "done", CohortStage.COMPLETE);

        assertThat(servedBy(b, "DON01")).isEqualTo("modern");
        assertThat(modernDb.count("SELECT count(*) FROM strangler.user_state WHERE user_key = 'DON01'"
                + " AND state = 'MIGRATED'")).isEqualTo(1);
        assertThat(modernDb.count("SELECT count(*) FROM customer WHERE id = 'DON01'")).isEqualTo(1);
        assertThat(new JsonObject(b.admin("GET", "/admin/rollout", null).body()).getJsonArray("cohorts").stream()
                .map(JsonObject.class::cast).filter(cohort -> cohort.getString("cohort").equals("done"))
                .findFirst().orElseThrow().getDouble("effective")).isEqualTo(100.0);
    }

    @Test
    void aStageChangeWhoseNotificationWasMissed_isAppliedWhenTheListenersReconnect() throws Exception {
        modernDb.execute("ALTER TABLE strangler.cohort_stage DISABLE TRIGGER cohort_stage_changed;"
                + " INSERT INTO strangler.cohort_stage VALUES ('gap', 'legacy', 'sql', now(), 'by hand');"
                + " ALTER TABLE strangler.cohort_stage ENABLE TRIGGER cohort_stage_changed");
        modernDb.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name = 'strangler-control'");

        awaitStage(a, "gap", CohortStage.LEGACY);
        awaitStage(b, "gap", CohortStage.LEGACY);
        assertThat(servedBy(b, "GAP01")).isEqualTo("legacy");
        assertThat(modernDb.count("SELECT count(*) FROM strangler.ledger WHERE user_key = 'GAP01'")).isZero();
    }

    private static void awaitStage(RunningStrangler instance, String cohort, CohortStage stage) {
        await().atMost(BOUND).until(() -> instance.server().resolver().stages().stageOf(cohort) == stage);
    }

    private static JsonObject stageInStatus(RunningStrangler instance, String cohort) throws Exception {
        JsonArray stages = new JsonObject(instance.admin("GET", "/admin/status", null).body())
                .getJsonObject("coexistence").getJsonArray("stages");
        return stages.stream().map(JsonObject.class::cast).filter(entry -> entry.getString("cohort").equals(cohort))
                .findFirst().orElseThrow();
    }

    private static String servedBy(RunningStrangler instance, String user) throws Exception {
        HttpResponse<String> response = instance.get("/api/orders/1", user);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().startsWith("served-by: modern") ? "modern" : "legacy";
    }
}
