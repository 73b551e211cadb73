package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.cli.StranglerCli;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.proxy.tokens.TokenSecret;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Named, scoped admin tokens (SPEC §12) on two instances sharing one state database, through the real admin API:
 * each scope may make exactly the calls it should, a token added or revoked through one instance (or the command
 * line) is accepted or refused by the other without a restart, the audit names the token, and no token is stored or
 * logged in clear.
 */
@ExtendWith(PostgresExtension.class)
class AdminTokensApiTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String READ = "grafana-read-token-0123456789";
    private static final String OPERATE = "deploy-bot-token-0123456789";
    private static final Map<String, String> TOKENS = Map.of("read", READ, "operate", OPERATE,
            "admin", RunningStrangler.TOKEN);

    private static Vertx vertx;
    private static RunningStrangler a;
    private static RunningStrangler b;
    private static Path fileA;
    private static TestDatabase modernDb;
    private static PrintStream originalOut;
    private static final ByteArrayOutputStream LOGGED = new ByteArrayOutputStream();
    private static final StringBuilder JUL = new StringBuilder();
    private static final Handler JUL_HANDLER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (JUL) {
                JUL.append(record.getMessage()).append('\n');
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        modernDb = modern;
        originalOut = System.out;
        System.setOut(new PrintStream(new Tee(originalOut, LOGGED), true, StandardCharsets.UTF_8));
        Logger.getLogger("").addHandler(JUL_HANDLER);
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        fileA = Files.createDirectories(folder.resolve("a")).resolve("strangler.yaml");
        Path fileB = Files.createDirectories(folder.resolve("b")).resolve("strangler.yaml");
        Files.writeString(fileA, withTokens(TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())));
        Files.writeString(fileB, withTokens(TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())));
        a = RunningStrangler.start(vertx, fileA);
        b = RunningStrangler.start(vertx, fileB);
    }

    /** The configuration with a read and an operate token given by their hashes, besides the default one. */
    private static String withTokens(String config) {
        return RunningStrangler.withRollback(config).replace("token: \"" + RunningStrangler.TOKEN + "\" }",
                "token: \"" + RunningStrangler.TOKEN + "\", tokens: ["
                        + "{ name: grafana, scope: read, sha256: \"" + TokenSecret.sha256Hex(READ) + "\" }, "
                        + "{ name: deploy-bot, scope: operate, sha256: \"" + TokenSecret.sha256Hex(OPERATE)
                        + "\" }] }");
    }

    @AfterAll
    static void stop() {
        a.stop();
        b.stop();
        vertx.close().await();
        Logger.getLogger("").removeHandler(JUL_HANDLER);
        System.setOut(originalOut);
    }

    /** Every admin endpoint, a body that makes the call valid, and the least scope that may make it. */
    static Stream<Endpoint> endpoints() {
        return Stream.of(
                new Endpoint("GET", "/admin/rollout", null, "read"),
                new Endpoint("GET", "/admin/users/ALFKI", null, "read"),
                new Endpoint("GET", "/admin/migrations?limit=5", null, "read"),
                new Endpoint("GET", "/admin/status", null, "read"),
                new Endpoint("GET", "/admin/backfill", null, "read"),
                new Endpoint("GET", "/admin/shadow?window=15m", null, "read"),
                new Endpoint("POST", "/admin/users/ALFKI/dry-run", null, "read"),
                new Endpoint("GET", "/admin/stages", null, "read"),
                new Endpoint("GET", "/admin/sync", null, "read"),
                new Endpoint("PUT", "/admin/stages/everyone", "{\"stage\": \"migrating\"}", "operate"),
                new Endpoint("PUT", "/admin/rollout/everyone", "{\"percent\": 0}", "operate"),
                new Endpoint("DELETE", "/admin/rollout/everyone", null, "operate"),
                new Endpoint("PUT", "/admin/users/NOBODY/pin", "{\"to\": \"legacy\"}", "operate"),
                new Endpoint("DELETE", "/admin/users/NOBODY/pin", null, "operate"),
                new Endpoint("POST", "/admin/users/ANATR/migrate", null, "operate"),
                new Endpoint("POST", "/admin/migrations/retry", null, "operate"),
                new Endpoint("POST", "/admin/backfill/start", "{\"limit\": 1}", "operate"),
                new Endpoint("POST", "/admin/backfill/stop", null, "operate"),
                new Endpoint("GET", "/admin/ramps", null, "read"),
                new Endpoint("GET", "/admin/ramps/everyone", null, "read"),
                new Endpoint("POST", "/admin/ramps/no-such-cohort/start", "{\"reason\": \"scopes\"}", "operate"),
                new Endpoint("POST", "/admin/ramps/no-such-cohort/pause", null, "operate"),
                new Endpoint("POST", "/admin/ramps/no-such-cohort/resume", null, "operate"),
                new Endpoint("POST", "/admin/ramps/no-such-cohort/abort", null, "operate"),
                new Endpoint("POST", "/admin/users/BONAP/rollback", null, "admin"),
                new Endpoint("POST", "/admin/config/reload", null, "admin"),
                new Endpoint("GET", "/admin/tokens", null, "admin"),
                new Endpoint("POST", "/admin/tokens", "{\"name\": \"table-made\", \"scope\": \"read\"}", "admin"),
                new Endpoint("DELETE", "/admin/tokens/table-made", null, "admin"));
    }

    record Endpoint(String method, String path, String body, String least) {
        @Override
        public String toString() {
            return method + " " + path + " needs " + least;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void eachScope_mayMakeExactlyTheCallsItShould(Endpoint endpoint) throws Exception {
        for (String scope : List.of("read", "operate", "admin")) {
            HttpResponse<String> response = a.admin(endpoint.method(), endpoint.path(), endpoint.body(),
                    "Bearer " + TOKENS.get(scope), Map.of());
            boolean allowed = List.of("read", "operate", "admin").indexOf(scope)
                    >= List.of("read", "operate", "admin").indexOf(endpoint.least());
            if (allowed) {
                assertThat(response.statusCode()).as(scope + ": " + response.body()).isBetween(200, 499)
                        .isNotIn(401, 403);
            } else {
                assertThat(response.statusCode()).as(scope + ": " + response.body()).isEqualTo(403);
                JsonObject error = new JsonObject(response.body());
                assertThat(error.getString("error")).isEqualTo("forbidden");
                assertThat(error.getString("requiredScope")).isEqualTo(endpoint.least());
                assertThat(error.getString("tokenScope")).isEqualTo(scope);
                assertThat(error.getString("detail")).contains("needs scope " + endpoint.least());
            }
        }
        for (String authorization : new String[] {null, "Bearer not-a-known-token-at-all", "Basic " + READ}) {
            HttpResponse<String> response = a.admin(endpoint.method(), endpoint.path(), endpoint.body(),
                    authorization, Map.of());
            assertThat(response.statusCode()).as(authorization).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("unauthorized");
        }
    }

    @Test
    void everyAdminRoute_isInTheTableOfScopes() {
        List<String> missing = new java.util.ArrayList<>();
        for (io.vertx.ext.web.Route route : a.server().adminRouter().getRoutes()) {
            String path = route.getPath();
            if (path == null || !path.startsWith("/admin/") || route.methods() == null) {
                continue;
            }
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(path.replaceAll(":[a-z]+", "[^/]+"));
            for (io.vertx.core.http.HttpMethod method : route.methods()) {
                if (endpoints().noneMatch(endpoint -> endpoint.method().equals(method.name())
                        && pattern.matcher(endpoint.path().replaceAll("\\?.*", "")).matches())) {
                    missing.add(method.name() + " " + path);
                }
            }
        }
        assertThat(missing).as("admin routes no scope test covers").isEmpty();
        assertThat(a.server().adminRouter().getRoutes()).filteredOn(route -> route.methods() != null)
                .hasSizeGreaterThanOrEqualTo((int) endpoints().count());
    }

    @Test
    void healthAndMetrics_needNoToken() throws Exception {
        assertThat(a.admin("GET", "/metrics", null, null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(a.admin("GET", "/health/live", null, null, Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenAddedOnA_worksOnBWithoutRestart_andRevokedOnB_stopsWorkingOnBoth() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> added = a.admin("POST", "/admin/tokens", "{\"name\": \"ci-bot\", \"scope\": \"operate\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.headers().firstValue("Cache-Control")).contains("no-store");
        String secret = new JsonObject(added.body()).getString("token");
        assertThat(secret).startsWith(TokenSecret.PREFIX).hasSizeGreaterThan(40);

        await().atMost(BOUND).until(() -> status(b, "GET", "/admin/status", secret) == 200);
        System.out.println("token propagation A -> B: " + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms (POST sent to accepted by B)");
        assertThat(status(a, "GET", "/admin/status", secret)).isEqualTo(200);
        assertThat(status(b, "PUT", "/admin/rollout/staff", secret)).isEqualTo(400);
        assertThat(status(b, "POST", "/admin/config/reload", secret)).isEqualTo(403);
        JsonObject listed = new JsonObject(b.admin("GET", "/admin/tokens", null).body());
        assertThat(listed.getJsonArray("tokens").stream().map(JsonObject.class::cast)
                .filter(token -> token.getString("name").equals("ci-bot")).findFirst().orElseThrow().getMap())
                .containsEntry("scope", "operate").containsEntry("source", "database")
                .containsEntry("createdBy", "token:default").doesNotContainValue(secret);
        assertThat(listed.encode()).doesNotContain(secret).doesNotContain(TokenSecret.sha256Hex(secret));

        started = System.nanoTime();
        HttpResponse<String> revoked = b.admin("DELETE", "/admin/tokens/ci-bot", null);

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(status(b, "GET", "/admin/status", secret)).isEqualTo(401);
        await().atMost(BOUND).until(() -> status(a, "GET", "/admin/status", secret) == 401);
        System.out.println("token revocation B -> A: " + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms (DELETE sent to refused by A)");
        assertThat(b.admin("DELETE", "/admin/tokens/ci-bot", null).statusCode()).isEqualTo(404);
    }

    @Test
    void tokensOfTheFile_cannotBeTakenOrRevokedAtRuntime() throws Exception {
        HttpResponse<String> taken = a.admin("POST", "/admin/tokens", "{\"name\": \"grafana\", \"scope\": \"admin\"}");
        HttpResponse<String> revoked = a.admin("DELETE", "/admin/tokens/default", null);
        HttpResponse<String> badScope = a.admin("POST", "/admin/tokens", "{\"name\": \"x\", \"scope\": \"root\"}");
        HttpResponse<String> badName = a.admin("POST", "/admin/tokens",
                "{\"name\": \"Bad Name\", \"scope\": \"read\"}");

        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(409);
        assertThat(badScope.statusCode()).isEqualTo(400);
        assertThat(badScope.body()).contains("scope: root (expected one of read, operate, admin)");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(status(a, "GET", "/admin/status", READ)).isEqualTo(200);
    }

    @Test
    void audit_recordsTheTokensName() throws Exception {
        String secret = new JsonObject(a.admin("POST", "/admin/tokens",
                "{\"name\": \"release-bot\", \"scope\": \"operate\"}").body()).getString("token");
        await().atMost(BOUND).until(() -> status(b, "GET", "/admin/status", secret) == 200);

        HttpResponse<String> put = b.admin("PUT", "/admin/rollout/everyone", "{\"percent\": 3, \"reason\": \"audit\"}",
                "Bearer " + secret, Map.of());
        HttpResponse<String> byPerson = b.admin("PUT", "/admin/rollout/everyone", "{\"percent\": 4}",
                "Bearer " + secret, Map.of("X-Strangler-Actor", "alice"));
        HttpResponse<String> pin = b.admin("PUT", "/admin/users/AUDIT1/pin", "{\"to\": \"legacy\"}",
                "Bearer " + secret, Map.of());
        HttpResponse<String> rolledBack = b.admin("POST", "/admin/users/AUDIT1/rollback", null);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(byPerson.statusCode()).as(byPerson.body()).isEqualTo(200);
        assertThat(pin.statusCode()).as(pin.body()).isEqualTo(200);
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        assertThat(modernDb.count("SELECT count(*) FROM strangler.rollout_audit WHERE changed_by = 'token:release-bot'"
                + " AND reason = 'audit'")).isEqualTo(1);
        assertThat(modernDb.count("SELECT count(*) FROM strangler.rollout_audit"
                + " WHERE changed_by = 'alice (token:release-bot)'")).isEqualTo(1);
        assertThat(new JsonObject(a.admin("GET", "/admin/rollout", null).body()).getJsonArray("cohorts")
                .getJsonObject(1).getString("changedBy")).isEqualTo("alice (token:release-bot)");
        assertThat(logged()).containsPattern("\"action\":\"pin\"[^\\n]*\"actor\":\"token:release-bot\"")
                .containsPattern("\"action\":\"rollback\"[^\\n]*\"actor\":\"token:default\"")
                .containsPattern("\"action\":\"token_add\"[^\\n]*\"token\":\"release-bot\"[^\\n]*"
                        + "\"actor\":\"token:default\"");
        assertThat(a.admin("DELETE", "/admin/rollout/everyone", null).statusCode()).isEqualTo(200);
        assertThat(a.admin("DELETE", "/admin/users/AUDIT1/pin", null).statusCode()).isEqualTo(200);
    }

    @Test
    void tokens_areStoredHashedAndNeverLogged() throws Exception {
        HttpResponse<String> added = a.admin("POST", "/admin/tokens", "{\"name\": \"hashed\", \"scope\": \"read\"}");
        String secret = new JsonObject(added.body()).getString("token");
        assertThat(status(a, "GET", "/admin/status", secret)).isEqualTo(200);

        assertThat(modernDb.count("SELECT count(*) FROM strangler.admin_token WHERE name = 'hashed'"
                + " AND sha256 = decode('" + TokenSecret.sha256Hex(secret) + "', 'hex')")).isEqualTo(1);
        for (String table : List.of("admin_token", "admin_token_audit", "rollout_audit", "rollout")) {
            assertThat(modernDb.count("SELECT count(*) FROM strangler." + table + " t"
                    + " WHERE row_to_json(t)::text LIKE '%" + secret.substring(4) + "%'")).as(table).isZero();
        }
        assertThat(modernDb.count("SELECT count(*) FROM strangler.admin_token_audit WHERE name = 'hashed'"
                + " AND action = 'add'")).isEqualTo(1);
        assertThat(logged()).contains("\"token\":\"hashed\"").doesNotContain(secret.substring(4))
                .doesNotContain(READ).doesNotContain(RunningStrangler.TOKEN);
    }

    @Test
    void tokenAddedFromTheCommandLine_worksOnEveryInstance_andRevokedThereStopsWorking() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = StranglerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));

        assertThat(cli.execute("token", "add", "shell-made", "--scope", "read", "--config", fileA.toString()))
                .isZero();
        String secret = out.toString().trim();
        assertThat(secret).startsWith(TokenSecret.PREFIX);
        await().atMost(BOUND).until(() -> status(a, "GET", "/admin/rollout", secret) == 200
                && status(b, "GET", "/admin/rollout", secret) == 200);
        assertThat(status(b, "PUT", "/admin/rollout/everyone", secret)).isEqualTo(403);

        StringWriter listed = new StringWriter();
        cli.setOut(new PrintWriter(listed, true));
        assertThat(cli.execute("token", "list", "--config", fileA.toString())).isZero();
        assertThat(listed.toString()).containsPattern("shell-made +read +database +by cli:")
                .containsPattern("grafana +read +configuration").containsPattern("default +admin +configuration")
                .doesNotContain(secret);
        assertThat(cli.execute("token", "add", "grafana", "--scope", "admin", "--config", fileA.toString()))
                .isEqualTo(2);
        assertThat(cli.execute("token", "add", "x", "--scope", "root", "--config", fileA.toString())).isEqualTo(2);

        assertThat(cli.execute("token", "revoke", "shell-made", "--config", fileA.toString())).isZero();

        await().atMost(BOUND).until(() -> status(a, "GET", "/admin/rollout", secret) == 401
                && status(b, "GET", "/admin/rollout", secret) == 401);
        assertThat(cli.execute("token", "revoke", "shell-made", "--config", fileA.toString())).isEqualTo(1);
    }

    private static int status(RunningStrangler instance, String method, String path, String secret)
            throws Exception {
        return instance.admin(method, path, method.equals("PUT") ? "{}" : null, "Bearer " + secret, Map.of())
                .statusCode();
    }

    private static String logged() {
        System.out.flush();
        String out;
        synchronized (LOGGED) {
            out = LOGGED.toString(StandardCharsets.UTF_8);
        }
        synchronized (JUL) {
            return out + JUL;
        }
    }

    /** Writes to the console and keeps a copy, so a test can read what the instance logged. */
    private static final class Tee extends java.io.OutputStream {
        private final PrintStream console;
        private final ByteArrayOutputStream copy;

        Tee(PrintStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            console.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            console.write(bytes, offset, length);
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
        }
    }
}
