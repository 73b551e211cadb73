package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.migrator.ChangeAudit;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.proxy.tokens.TokenSecret;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's guards over plain HTTP (the browser tests in {@code demo} drive the same pages in chromium): the
 * session cookie's flags, the Content-Security-Policy, CSRF and origin checks, scopes, user keys kept out of URLs
 * and logs, escaping, and the audit's actor and reason for pins and rollbacks made through the admin API.
 */
@ExtendWith(PostgresExtension.class)
class ConsoleTest {

    private static final String READ = "console-viewer-token-0123456789";
    private static final ByteArrayOutputStream LOGGED = new ByteArrayOutputStream();

    private static Vertx vertx;
    private static RunningStrangler strangler;
    private static PrintStream originalOut;

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        originalOut = System.out;
        System.setOut(new PrintStream(new Tee(originalOut, LOGGED), true, StandardCharsets.UTF_8));
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, RunningStrangler.withRollback(TinyNorthwind.config(legacy, modern, legacyApp.port(),
                modernApp.port())).replace("token: \"" + RunningStrangler.TOKEN + "\" }", "token: \""
                + RunningStrangler.TOKEN + "\", tokens: [{ name: viewer, scope: read, sha256: \""
                + TokenSecret.sha256Hex(READ) + "\" }] }"));
        strangler = RunningStrangler.start(vertx, file);
    }

    @AfterAll
    static void stop() {
        strangler.stop();
        vertx.close().await();
        System.setOut(originalOut);
    }

    private static ConsoleBrowser browser() {
        return new ConsoleBrowser(strangler.server().adminPort());
    }

    @Test
    void signIn_exchangesTheTokenForAStrictShortSessionCookie() throws Exception {
        ConsoleBrowser browser = browser();
        HttpResponse<String> signedIn = browser.signIn(RunningStrangler.TOKEN, "Ada");

        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).contains("/console/");
        String cookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("strangler_console=")).findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/console")
                .contains("Max-Age=3600").doesNotContain("Secure");
        HttpResponse<String> overview = browser.get("/console/");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("Ada (token:default)").contains("hx-get=\"/console/live\"");
        assertThat(LOGGED.toString(StandardCharsets.UTF_8)).doesNotContain(RunningStrangler.TOKEN);
    }

    @Test
    void everyPage_carriesAStrictContentSecurityPolicy_andNoInlineScript() throws Exception {
        ConsoleBrowser browser = browser();
        browser.signIn(RunningStrangler.TOKEN, null);
        for (String path : List.of("/console/sign-in", "/console/", "/console/rollout", "/console/failures",
                "/console/audit", "/console/users")) {
            HttpResponse<String> page = browser.get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
                    .contains("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
            assertThat(page.headers().firstValue("Referrer-Policy")).as("browsers send Origin: null under"
                    + " no-referrer, which the origin check refuses").contains("same-origin");
            assertThat(page.body()).as(path).doesNotContain("<script>").doesNotContain("style=")
                    .doesNotContainPattern(" on[a-z]+=");
        }
        HttpResponse<String> htmx = browser.get("/console/static/htmx.min.js");
        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.body()).contains("htmx");
    }

    @Test
    void htmxWebJar_isTheVersionTheRootPomManages() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher version = Pattern.compile("<htmx.version>([^<]+)</htmx.version>").matcher(pom);
        assertThat(version.find()).isTrue();
        HttpResponse<String> htmx = browser().get("/console/static/htmx.min.js");
        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.body()).contains("version:\"" + version.group(1) + "\"");
    }

    @Test
    void unknownToken_isRefused() throws Exception {
        HttpResponse<String> refused = browser().signIn("not-a-token-anyone-has", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("not known");
        assertThat(LOGGED.toString(StandardCharsets.UTF_8)).doesNotContain("not-a-token-anyone-has");
    }

    @Test
    void formWithoutTheCsrfToken_isRefused_andChangesNothing() throws Exception {
        ConsoleBrowser browser = browser();
        browser.signIn(RunningStrangler.TOKEN, null);
        String before = strangler.admin("GET", "/admin/rollout", null).body();
        HttpResponse<String> refused = browser.post("/console/rollout/everyone",
                Map.of("percent", "50", "reason", "no token", "version", "0"), false);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("CSRF");
        HttpResponse<String> wrong = browser.post("/console/rollout/everyone",
                Map.of("percent", "50", "reason", "wrong token", "version", "0", "csrf", "guessed"), false);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(strangler.admin("GET", "/admin/rollout", null).body()).isEqualTo(before);
    }

    @Test
    void formFromAnotherOrigin_isRefused() throws Exception {
        ConsoleBrowser browser = browser();
        browser.signIn(RunningStrangler.TOKEN, null);
        HttpResponse<String> refused = browser.post("/console/users", Map.of("key", "ALFKI"), true,
                "https://evil.example");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("cross_origin");
    }

    @Test
    void formFromThisOrigin_isAccepted_asBrowsersSendIt() throws Exception {
        ConsoleBrowser browser = browser();
        browser.signIn(RunningStrangler.TOKEN, null);
        HttpResponse<String> found = browser.post("/console/users", Map.of("key", "ALFKI"), true,
                "http://127.0.0.1:" + strangler.server().adminPort());
        assertThat(found.statusCode()).as(found.body()).isEqualTo(303);
    }

    @Test
    void readScope_seesButCannotChange() throws Exception {
        ConsoleBrowser browser = browser();
        assertThat(browser.signIn(READ, null).statusCode()).isEqualTo(303);
        String before = strangler.admin("GET", "/admin/rollout", null).body();
        HttpResponse<String> rollout = browser.get("/console/rollout");
        assertThat(rollout.statusCode()).isEqualTo(200);
        assertThat(rollout.body()).contains("<fieldset disabled>");
        HttpResponse<String> refused = browser.post("/console/rollout/everyone",
                Map.of("percent", "50", "reason", "viewer tries", "version", "0"), true);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("needs scope operate");
        assertThat(strangler.admin("GET", "/admin/rollout", null).body()).isEqualTo(before);
    }

    @Test
    void userLookup_isPosted_andTheKeyNeverAppearsInAUrl() throws Exception {
        ConsoleBrowser browser = browser();
        browser.signIn(RunningStrangler.TOKEN, null);
        HttpResponse<String> found = browser.post("/console/users", Map.of("key", "ANATR"), true);
        assertThat(found.statusCode()).isEqualTo(303);
        String location = found.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/console/users/").doesNotContain("ANATR");
        HttpResponse<String> page = browser.get(location);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("ANATR").doesNotContain("href=\"/console/users/ANATR");
        assertThat(browser().signedInAs(READ).get(location).statusCode())
                .as("another session cannot resolve the handle").isEqualTo(404);
    }

    @Test
    void overview_countsTheListedUsersOfEachCohortByState() throws Exception {
        ConsoleBrowser browser = browser();
        browser.signIn(RunningStrangler.TOKEN, null);
        String live = browser.get("/console/live").body();
        assertThat(usersOf(live, "staff")).as(live).isEqualTo(4);
        assertThat(usersOf(live, "everyone")).as(live).isEqualTo(1);
    }

    /** The sum of the cohort's per-state columns (the last five cells of its row). */
    private static long usersOf(String live, String cohort) {
        Matcher row = Pattern.compile("<tr><th scope=\"row\">" + cohort + "</th>(.*?)</tr>").matcher(live);
        assertThat(row.find()).as(cohort).isTrue();
        List<String> cells = Pattern.compile("<td[^>]*>([^<]*)</td>").matcher(row.group(1)).results()
                .map(cell -> cell.group(1)).toList();
        return cells.subList(cells.size() - 5, cells.size()).stream().mapToLong(Long::parseLong).sum();
    }

    @Test
    void pinAndDryRun_throughTheConsole_takeTheAdminPath_andThePinIsAudited() throws Exception {
        ConsoleBrowser browser = browser();
        browser.signIn(RunningStrangler.TOKEN, "Lin");
        String user = browser.post("/console/users", Map.of("key", "BONAP"), true).headers()
                .firstValue("Location").orElseThrow();

        HttpResponse<String> pinned = browser.post(user + "/pin", Map.of("to", "modern", "reason", "early adopter"),
                true);
        assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(303);
        assertThat(browser.get(user).body()).contains("Pinned to modern.").contains("id=\"pin\">modern<");
        assertThat(strangler.migrator().states().find("BONAP").await().pin().id()).isEqualTo("modern");
        ChangeAudit.Entry audited = strangler.migrator().audit().recent(50).await().stream()
                .filter(entry -> entry.kind().equals("pin") && entry.subject().equals("BONAP")).findFirst()
                .orElseThrow();
        assertThat(audited.actor()).isEqualTo("Lin (token:default)");
        assertThat(audited.reason()).isEqualTo("early adopter");
        assertThat(browser.post(user + "/pin", Map.of("to", "none"), true).statusCode()).isEqualTo(303);

        HttpResponse<String> dryRun = browser.post(user + "/dry-run", Map.of(), true);
        assertThat(dryRun.statusCode()).isEqualTo(200);
        assertThat(dryRun.body()).contains("passes every rule").contains("Bon app&#39;");
    }

    @Test
    void aKindOfChangeAuditedLater_showsInTheAuditWithoutAConsoleChange() throws Exception {
        strangler.migrator().audit().record(new ChangeAudit.Entry("ramp_step", "everyone", "ramp:everyone",
                java.time.Instant.now(), "gates passed", new io.vertx.core.json.JsonObject().put("from", 10)
                .put("to", 25))).await();
        ConsoleBrowser browser = browser();
        browser.signIn(READ, null);
        assertThat(browser.get("/console/audit").body()).contains("<tr class=\"ramp_step\">")
                .contains("ramp:everyone").contains("gates passed").contains("to: 25");
    }

    @Test
    void valuesFromTheDatabase_areEscaped() throws Exception {
        assertThat(strangler.admin("PUT", "/admin/rollout/everyone",
                "{\"percent\": 0, \"reason\": \"<script>alert(1)</script>\"}").statusCode()).isEqualTo(200);
        ConsoleBrowser browser = browser();
        browser.signIn(RunningStrangler.TOKEN, null);
        String overview = browser.get("/console/live").body();
        assertThat(overview).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
    }

    @Test
    void pinAndRollback_throughTheAdminApi_areAuditedWithActorAndReason() throws Exception {
        assertThat(strangler.admin("PUT", "/admin/users/PINME/pin", "{\"to\": \"legacy\", \"reason\": \"vip\"}",
                "Bearer " + RunningStrangler.TOKEN, Map.of("X-Strangler-Actor", "Grace")).statusCode())
                .isEqualTo(200);
        assertThat(strangler.get("/api/orders/1", "ALFKI").statusCode()).isEqualTo(200);
        assertThat(strangler.admin("POST", "/admin/users/ALFKI/rollback", "{\"reason\": \"bad invoices\"}")
                .statusCode()).isEqualTo(200);

        List<ChangeAudit.Entry> audit = strangler.migrator().audit().recent(50).await();
        ChangeAudit.Entry pin = audit.stream().filter(entry -> entry.kind().equals("pin")
                && entry.subject().equals("PINME")).findFirst().orElseThrow();
        assertThat(pin.actor()).isEqualTo("Grace (token:default)");
        assertThat(pin.reason()).isEqualTo("vip");
        assertThat(pin.details().getString("to")).isEqualTo("legacy");
        ChangeAudit.Entry rollback = audit.stream().filter(entry -> entry.kind().equals("rollback")
                && entry.subject().equals("ALFKI")).findFirst().orElseThrow();
        assertThat(rollback.actor()).isEqualTo("token:default");
        assertThat(rollback.reason()).isEqualTo("bad invoices");
        assertThat(rollback.details().getString("outcome")).isEqualTo("ROLLED_BACK");

        ConsoleBrowser browser = browser();
        browser.signIn(RunningStrangler.TOKEN, null);
        assertThat(browser.get("/console/audit").body()).contains("PINME").contains("Grace (token:default)")
                .contains("bad invoices");
    }

    /** Everything written to standard output goes to the console and into {@link #LOGGED}. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        Tee(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
