package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.cli.StranglerCli;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.config.Percent;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Two instances on one state database, as a fleet runs: what an operator changes through one instance's admin API
 * is applied by the other through LISTEN/NOTIFY, well within a second on an idle machine.
 */
@ExtendWith(PostgresExtension.class)
class FleetRolloutTest {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private static Vertx vertx;
    private static RunningStrangler a;
    private static RunningStrangler b;
    private static Path fileA;
    private static TestDatabase modernDb;

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        modernDb = modern;
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        fileA = Files.createDirectories(folder.resolve("a")).resolve("strangler.yaml");
        Path fileB = Files.createDirectories(folder.resolve("b")).resolve("strangler.yaml");
        Files.writeString(fileA, RunningStrangler.withRollback(
                TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())));
        Files.writeString(fileB, RunningStrangler.withRollback(
                TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())));
        a = RunningStrangler.start(vertx, fileA);
        b = RunningStrangler.start(vertx, fileB);
    }

    @AfterAll
    static void stop() {
        a.stop();
        b.stop();
        vertx.close().await();
    }

    @Test
    void rolloutSetOnOneInstance_isAppliedByTheOther() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> put = a.admin("PUT", "/admin/rollout/everyone",
                "{\"percent\": 12.5, \"reason\": \"fleet test\"}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        long appliedMillis = awaitMillis(started, () -> Percent.parse("12.5").equals(
                b.server().resolver().table().percentages().get("everyone")));
        System.out.println("rollout propagation A -> B: " + appliedMillis + " ms (PUT sent to B's table changed)");
        JsonObject shownByB = new JsonObject(b.admin("GET", "/admin/rollout", null).body());
        assertThat(shownByB.getJsonArray("cohorts").getJsonObject(1).getMap())
                .containsEntry("cohort", "everyone").containsEntry("runtime", 12.5)
                .containsEntry("effective", 12.5).containsEntry("configured", 0.0)
                .containsEntry("reason", "fleet test");
    }

    @Test
    void pinOnOneInstance_changesTheUsersRouteOnTheOther() throws Exception {
        assertThat(b.get("/api/orders/1", "ANATR").body()).startsWith("served-by: modern\n");
        HttpResponse<String> refused = a.admin("PUT", "/admin/users/ANATR/pin", "{\"to\": \"legacy\"}");
        assertThat(refused.statusCode()).as("a migrated user is rolled back, not pinned to legacy: " + refused.body())
                .isEqualTo(409);

        // SLOW1 is in the staff cohort and not migrated yet: unpinned, B would migrate them and serve modern.
        long started = System.nanoTime();
        HttpResponse<String> pin = a.admin("PUT", "/admin/users/SLOW1/pin", "{\"to\": \"legacy\"}");

        assertThat(pin.statusCode()).as(pin.body()).isEqualTo(200);
        long appliedMillis = awaitMillis(started, () -> servedBy(b, "SLOW1").equals("legacy"));
        System.out.println("pin seen by B: " + appliedMillis + " ms");
        assertThat(a.admin("DELETE", "/admin/users/SLOW1/pin", null).statusCode()).isEqualTo(200);
        await("SLOW1 migrated and served by modern once unpinned").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> servedBy(b, "SLOW1").equals("modern"));
    }

    @Test
    void rollbackOnOneInstance_sendsTheUserToLegacyOnTheOther() throws Exception {
        assertThat(servedBy(b, "ALFKI")).isEqualTo("modern");

        HttpResponse<String> rollback = a.admin("POST", "/admin/users/ALFKI/rollback", null);
        long started = System.nanoTime();

        assertThat(new JsonObject(rollback.body()).getString("outcome")).as(rollback.body()).isEqualTo("ROLLED_BACK");
        long appliedMillis = awaitMillis(started, () -> servedBy(b, "ALFKI").equals("legacy"));
        System.out.println("rollback propagation A -> B: " + appliedMillis + " ms");
    }

    @Test
    void rolloutSetFromTheCommandLine_isAppliedByRunningInstancesAndShown() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = StranglerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        long started = System.nanoTime();

        int set = cli.execute("rollout", "set", "everyone", "7.5", "--reason", "from the shell",
                "--config", fileA.toString());
        long appliedMillis = awaitMillis(started, () -> Percent.parse("7.5").equals(
                b.server().resolver().table().percentages().get("everyone")));
        int show = cli.execute("rollout", "show", "--config", fileA.toString());

        System.out.println("rollout propagation CLI -> B: " + appliedMillis + " ms");
        assertThat(set).isZero();
        assertThat(show).isZero();
        assertThat(out.toString()).contains("cohort everyone: 7.5%").containsPattern("everyone +0 +7.5 +7.5")
                .contains("from the shell");
        assertThat(cli.execute("rollout", "set", "everyone", "140", "--config", fileA.toString())).isEqualTo(2);
    }

    @Test
    void listenersCutOffFromTheDatabase_reconnectAndConverge() throws Exception {
        try (Connection connection = modernDb.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'strangler-control'");
        }
        long started = System.nanoTime();
        HttpResponse<String> put = a.admin("PUT", "/admin/rollout/everyone", "{\"percent\": 33}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        long appliedMillis = awaitMillis(started, () -> Percent.parse("33").equals(
                b.server().resolver().table().percentages().get("everyone")));
        System.out.println("rollout propagation A -> B while B's listener reconnects: " + appliedMillis + " ms");
        awaitMillis(System.nanoTime(), () -> listeners() == 2);
    }

    private static int listeners() {
        try (Connection connection = modernDb.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE application_name = 'strangler-control'")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void staleIfMatch_isRefusedWith409AndChangesNothing() throws Exception {
        HttpResponse<String> first = a.admin("PUT", "/admin/rollout/staff", "{\"percent\": 90}");
        String version = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> fresh = b.admin("PUT", "/admin/rollout/staff", "{\"percent\": 80}",
                "Bearer " + RunningStrangler.TOKEN, Map.of("If-Match", version));
        HttpResponse<String> stale = a.admin("PUT", "/admin/rollout/staff", "{\"percent\": 10}",
                "Bearer " + RunningStrangler.TOKEN, Map.of("If-Match", version));

        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(stale.body()).getString("error")).isEqualTo("stale_version");
        // B's write reaches A's table through the state database's notification, not at once (on a busy machine
        // the assertion made right away saw A's own 90): wait for A to converge on B's 80.
        awaitMillis(System.nanoTime(), () -> Percent.parse("80").equals(
                a.server().resolver().table().percentages().get("staff")));
        assertThat(a.admin("DELETE", "/admin/rollout/staff", null).statusCode()).isEqualTo(200);
    }

    private static String servedBy(RunningStrangler instance, String user) {
        try {
            String body = instance.get("/api/orders/1", user).body();
            return body.startsWith("served-by: modern") ? "modern" : "legacy";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls every 5 ms until {@code done}, at most {@link #BOUND}; the milliseconds since {@code startedNanos}. */
    private static long awaitMillis(long startedNanos, BooleanSupplier done) {
        Duration left = BOUND.minusNanos(System.nanoTime() - startedNanos);
        await("applied within " + BOUND).atMost(left.isNegative() ? Duration.ofMillis(1) : left)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(done::getAsBoolean);
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
