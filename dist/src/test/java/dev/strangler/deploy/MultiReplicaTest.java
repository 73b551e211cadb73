package dev.strangler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.demo.DatabaseAddress;
import dev.strangler.demo.legacy.LegacyApp;
import dev.strangler.demo.legacy.NorthwindDatabase;
import dev.strangler.demo.modern.ModernApp;
import dev.strangler.demo.modern.ModernDatabase;
import dev.strangler.demo.web.RunningApp;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import java.time.Duration;

/**
 * Three replicas of {@code strangler run}, each a JVM of its own, on one state database, as a production fleet
 * behind a load balancer runs: every user's first requests arrive on all three at once, and an operator's change
 * made on one replica is applied by all three.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiReplicaTest {

    private static final String TOKEN = "multi-replica-test-admin-token";

    private final TestDatabase legacy;
    private final TestDatabase modern;
    private final List<ProxyProcess> replicas = new ArrayList<>();
    private Vertx vertx;
    private RunningApp legacyApp;
    private RunningApp modernApp;

    MultiReplicaTest(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) {
        this.legacy = legacy;
        this.modern = modern;
    }

    @BeforeAll
    void start(@TempDir Path folder) throws Exception {
        try (Connection connection = legacy.connect()) {
            NorthwindDatabase.load(connection);
        }
        try (Connection connection = modern.connect()) {
            ModernDatabase.create(connection);
        }
        vertx = Vertx.vertx();
        legacyApp = LegacyApp.start(vertx, DatabaseAddress.parse(legacy.uri()).pool(vertx, 16), 0).await();
        modernApp = ModernApp.start(vertx, DatabaseAddress.parse(modern.uri()).pool(vertx, 16), 0).await();

        // The test is about exactly-once and consistency, not about timeouts: three cold JVMs taking 273 first
        // requests at once queue their migrations on 8-connection pools, which can outlast the plan's 2 s.
        try (InputStream plan = getClass().getResourceAsStream("/northwind-plan.yaml")) {
            String text = new String(plan.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).contains("timeout: 2s");
            Files.writeString(folder.resolve("northwind-plan.yaml"), text.replace("timeout: 2s", "timeout: 30s"));
        }
        Path config = Files.writeString(folder.resolve("strangler.yaml"), """
                server: { host: 127.0.0.1, port: 0, drainTimeout: 5s }
                admin: { host: 127.0.0.1, port: 0, token: "${STRANGLER_ADMIN_TOKEN}" }
                upstreams:
                  legacy: { url: "%s" }
                  modern: { url: "%s" }
                identity:
                  - path: /api/customers/{key}
                  - path: /api/customers/{key}/**
                routing:
                  salt: rollout-2026
                  routes:
                    - { path: "/api/customers/{key}", to: rollout }
                    - { path: "/api/customers/{key}/**", to: rollout }
                  cohorts:
                    - { name: everyone, percent: 60 }
                plan: northwind-plan.yaml
                """.formatted(legacyApp.url(), modernApp.url()));
        Map<String, String> environment = Map.of("STRANGLER_ADMIN_TOKEN", TOKEN,
                "LEGACY_DB_URL", legacy.uri(), "MODERN_DB_URL", modern.uri());
        for (int i = 0; i < 3; i++) {
            replicas.add(ProxyProcess.start(config, environment));
        }
    }

    @AfterAll
    void stop() throws Exception {
        // Each replica's log is kept in target/, for the failure's story.
        Files.createDirectories(Path.of("target", "multi-replica"));
        for (int i = 0; i < replicas.size(); i++) {
            replicas.get(i).close();
            Files.writeString(Path.of("target", "multi-replica", "replica-" + i + ".log"), replicas.get(i).output());
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    @Test
    @Order(1)
    void concurrentFirstRequestsOnEveryReplica_migrateEachUserExactlyOnce() throws Exception {
        List<String> users = customers();
        // Ten connections per replica: each user's three requests still reach the three replicas together (every
        // replica takes the users in the same order), while no replica queues 91 state reads on its 4-connection
        // lookup pool, where under load the last ones passed their 2 s deadline and nothing was migrated at all.
        WebClient client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(10));
        List<Future<Answer>> answers = new ArrayList<>();
        for (String user : users) {
            for (int r = 0; r < replicas.size(); r++) {
                int replica = r;
                answers.add(client.get(replicas.get(r).port(), "127.0.0.1", "/api/customers/" + user).send()
                        .map(response -> new Answer(user, replica, response.statusCode(),
                                response.getHeader("X-Served-By"), response.getHeader("Retry-After"))));
            }
        }
        List<Answer> results = Future.all(answers).await().list();

        Map<String, String> states = states();
        Map<String, Integer> migratedEntries = migratedLedgerEntries();
        // 503 with Retry-After is the one answer besides 200 a replica may give: unsure of the user's side (a state
        // read past its deadline, or a user another replica migrated whose cleaned mark is still being written),
        // it names no side. Such answers are not counted below; every other answer names the right side.
        assertThat(results).hasSize(users.size() * 3).allSatisfy(answer -> assertThat(answer.status() == 200
                || answer.status() == 503 && answer.retryAfter() != null)
                .as("status for %s: %s", answer.user(), answer).isTrue());
        List<Answer> served = results.stream().filter(answer -> answer.status() == 200).toList();
        assertThat(served).as("answers that named a side").hasSizeGreaterThan(results.size() / 2);
        assertThat(served).filteredOn(answer -> !"MIGRATED".equals(states.get(answer.user())))
                .allSatisfy(answer -> assertThat(answer.servedBy())
                        .as("%s is %s", answer.user(), states.getOrDefault(answer.user(), "PENDING"))
                        .isEqualTo("legacy"));
        // A user who ended MIGRATED was answered by legacy only where that replica could not take part in the
        // migration and the state database said the user was not migrated: its admission was spent, or its own
        // attempt failed first (logged, and recorded before the other replica's attempt). A replica whose state read
        // failed answers 503 for a user in the modern share (another replica may be migrating them), never legacy.
        // Anything else is a migrated user sent to the wrong side.
        for (int r = 0; r < replicas.size(); r++) {
            int replica = r;
            String log = replicas.get(r).output();
            List<Answer> unexplained = served.stream().filter(answer -> answer.replica() == replica
                            && "MIGRATED".equals(states.get(answer.user())) && !"modern".equals(answer.servedBy())
                            && !failedAttemptLogged(log, answer.user()))
                    .toList();
            JsonObject requestPath = client.get(replicas.get(r).adminPort(), "127.0.0.1", "/admin/status")
                    .putHeader("Authorization", "Bearer " + TOKEN).send().await().bodyAsJsonObject()
                    .getJsonObject("requestPath");
            long excused = requestPath.getLong("admissionsRefused");
            assertThat(unexplained.size()).as("migrated users answered by legacy on replica %d: %s (%s)", r,
                    unexplained, requestPath).isLessThanOrEqualTo((int) excused);
        }
        assertThat(migratedEntries).allSatisfy((user, entries) -> assertThat(entries)
                .as("MIGRATED ledger entries of %s", user).isEqualTo(1));
        assertThat(migratedEntries.keySet()).containsExactlyInAnyOrderElementsOf(
                states.entrySet().stream().filter(e -> e.getValue().equals("MIGRATED")).map(Map.Entry::getKey)
                        .toList());
        assertThat(states.values()).as("failed attempts: %s", failures()).doesNotContain("FAILED");
        assertThat(states.values()).as("a mix of users: some migrated, some invalid")
                .contains("MIGRATED", "INVALID");
        assertThat(migratedEntries.size()).isBetween(users.size() / 3, users.size() * 2 / 3);
    }

    @Test
    @Order(2)
    void percentageChangedOnOneReplica_isAppliedByAllThree() throws Exception {
        WebClient client = WebClient.create(vertx);
        Map<String, String> states = states();
        String waiting = customers().stream()
                .filter(user -> !states.containsKey(user) && !List.of("HUNGO", "LINOD", "MEREP").contains(user))
                .findFirst().orElseThrow();
        assertThat(client.get(replicas.get(2).port(), "127.0.0.1", "/api/customers/" + waiting).send().await()
                .getHeader("X-Served-By")).as("%s before the change", waiting).isEqualTo("legacy");

        long started = System.nanoTime();
        int status = client.put(replicas.get(0).adminPort(), "127.0.0.1", "/admin/rollout/everyone")
                .putHeader("Authorization", "Bearer " + TOKEN)
                .sendJsonObject(new JsonObject().put("percent", 100).put("reason", "fleet test")).await()
                .statusCode();
        assertThat(status).isEqualTo(200);
        for (ProxyProcess replica : replicas) {
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(client.get(replica.adminPort(), "127.0.0.1", "/admin/rollout")
                            .putHeader("Authorization", "Bearer " + TOKEN).send().await().bodyAsJsonObject()
                            .getJsonArray("cohorts").getJsonObject(0).getDouble("effective"))
                            .as("effective percent on the replica on port %d", replica.port()).isEqualTo(100.0));
        }
        System.out.printf("percentage change applied by all three replicas after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        assertThat(client.get(replicas.get(2).port(), "127.0.0.1", "/api/customers/" + waiting).send().await()
                .getHeader("X-Served-By")).as("%s after the change", waiting).isEqualTo("modern");
    }

    private record Answer(String user, int replica, int status, String servedBy, String retryAfter) {
    }

    /** Whether the replica's log shows an attempt of its own for the user that ended failed or timed out. */
    private static boolean failedAttemptLogged(String log, String user) {
        return log.lines().anyMatch(line -> line.contains("\"event\":\"migration\"")
                && line.contains("\"user\":\"" + user + "\"")
                && (line.contains("\"outcome\":\"FAILED\"") || line.contains("\"outcome\":\"TIMEOUT\"")));
    }

    private List<String> customers() throws Exception {
        List<String> users = new ArrayList<>();
        try (Connection connection = legacy.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT customer_id FROM customers ORDER BY customer_id")) {
            while (rows.next()) {
                users.add(rows.getString(1));
            }
        }
        return users;
    }

    private Map<String, String> states() throws Exception {
        Map<String, String> states = new HashMap<>();
        try (Connection connection = modern.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT user_key, state FROM strangler.user_state")) {
            while (rows.next()) {
                states.put(rows.getString(1), rows.getString(2));
            }
        }
        return states;
    }

    private List<String> failures() throws Exception {
        List<String> failures = new ArrayList<>();
        try (Connection connection = modern.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT user_key, outcome, duration_ms, errors::text"
                     + " FROM strangler.ledger WHERE outcome IN ('FAILED', 'TIMEOUT') ORDER BY id")) {
            while (rows.next()) {
                failures.add(rows.getString(1) + " " + rows.getString(2) + " after " + rows.getLong(3) + " ms: "
                        + rows.getString(4));
            }
        }
        return failures;
    }

    private Map<String, Integer> migratedLedgerEntries() throws Exception {
        Map<String, Integer> entries = new HashMap<>();
        try (Connection connection = modern.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT user_key, count(*) FROM strangler.ledger WHERE outcome = 'MIGRATED' GROUP BY user_key")) {
            while (rows.next()) {
                entries.put(rows.getString(1), rows.getInt(2));
            }
        }
        return entries;
    }
}
