package dev.strangler.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.deploy.ProxyProcess;
import dev.strangler.testkit.PostgresFixture;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, "zero lost writes", as a randomized end-to-end history in the spirit of Jepsen and etcd's robustness
 * tests: clients write and read as a few hundred users through two replicas while a {@link Nemesis} changes
 * percentages, pins, rolls back, backfills, kills replicas, restarts the state database and slows legacy; then
 * the {@link HistoryChecker} judges what was acknowledged against what the databases hold. The seed is printed
 * first and in any failure; {@code bench/history.sh} runs the same test for minutes, or for several seeds. Each
 * history gets a legacy database of its own on the shared server.
 *
 * <p>Every {@code ./mvnw verify} runs one history of 60 s with a fresh random seed (printed); the bound on any
 * request's wait stays generous ({@link HistorySettings#margin}), for machines shared by several builds.
 */
class HistoryTest {

    static List<Long> seeds() {
        return HistorySettings.seeds();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomHistoryUnderFaults_losesNoAcknowledgedWrite(long seed, @TempDir Path folder) throws Exception {
        HistorySettings settings = HistorySettings.fromSystemProperties(seed);
        System.out.println("history seed " + settings.seed() + " (reproduce with " + settings.reproduce() + ")");
        TestDatabase legacy = PostgresFixture.shared().createDatabase("history_legacy");
        try (HistoryStack stack = HistoryStack.start(settings, legacy, folder)) {
            UserPool pool = UserPool.read(legacy, settings.seed());
            History history = new History();
            Nemesis nemesis = new Nemesis(stack, pool, history);
            Workload workload = new Workload(settings, pool, stack.fleet, history);

            nemesis.start(settings.warmUp());
            workload.run(settings.duration());
            List<String> backfills = nemesis.stopAndHeal();
            awaitReady(stack);
            workload.readEveryUser();
            settle(stack);
            FinalState last = FinalState.read(legacy, stack.modern);
            JsonObject verify = verify(stack);
            List<HistoryChecker.Violation> violations = new HistoryChecker(history, pool, settings)
                    .check(last, verify);

            String summary = HistorySummary.of(settings, history, last, verify, backfills, violations);
            System.out.println(summary);
            Path reports = Files.createDirectories(Path.of("target", "history"));
            Files.writeString(reports.resolve("seed-" + settings.seed() + ".txt"), summary);
            assertThat(violations).as("violations of history seed %d (reproduce with %s)\n%s", settings.seed(),
                    settings.reproduce(), summary).isEmpty();
            assertThat(history.ops().stream().filter(op -> op.result() == Op.Result.OK && op.kind().isWrite()))
                    .as("acknowledged writes: a history that acknowledged nothing proves nothing").hasSizeGreaterThan(
                            (int) settings.duration().toSeconds());
        } finally {
            PostgresFixture.shared().dropDatabase(legacy);
        }
    }

    /** Every replica answers ready again (the state database is back and loaded). */
    private static void awaitReady(HistoryStack stack) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (ProxyProcess replica : stack.fleet.live()) {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + replica.adminPort() + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() != 200) {
                    return false;
                }
            }
            return stack.fleet.live().size() == stack.fleet.size();
        });
    }

    /**
     * No rollback left in flight, and no cleaned mark owed (a user in transition is served by neither side until
     * its mark's catch-up has brought legacy's late writes into modern: the final state is judged once every
     * transition ended, within two periods of the replicas' repair). A rollback that never ends is reported by the
     * checker as stuck, not waited for; a mark still owed is judged as it stands (modern without its catch-up).
     */
    private static void settle(HistoryStack stack) {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    stack.modern.count("SELECT count(*) FROM strangler.user_state WHERE state = 'ROLLING_BACK'") == 0);
        } catch (ConditionTimeoutException stuck) {
            System.out.println("users still ROLLING_BACK after 30 s: the checker reports them");
        }
        try {
            await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofMillis(200)).until(() ->
                    stack.modern.count("SELECT count(*) FROM strangler.user_state WHERE state = 'MIGRATED'"
                            + " AND cleaned_pending") == 0);
        } catch (ConditionTimeoutException owed) {
            System.out.println("cleaned marks still owed after 75 s: those users are judged without their catch-up");
        }
    }

    /** {@code strangler verify --json} over every migrated user, as an operator runs it. */
    private static JsonObject verify(HistoryStack stack) throws Exception {
        CliProcess verify = stack.cli("verify", "--json");
        int status = verify.await(300);
        String out = verify.stdout();
        assertThat(out).as("verify exited %d:\n%s", status, verify.output()).contains("{");
        JsonObject report = new JsonObject(out.substring(out.indexOf('{'), out.lastIndexOf('}') + 1));
        assertThat(status).as("verify's exit status agrees with its report").isEqualTo(
                report.getBoolean("clean") ? 0 : 1);
        return report;
    }
}
