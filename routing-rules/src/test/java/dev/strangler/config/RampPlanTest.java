package dev.strangler.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code routing.cohorts[].ramp} and {@code prometheus:}: read, checked, and written back as the database keeps it. */
class RampPlanTest {

    private static final String CONFIG = """
            admin: { token: "a-token-of-sufficient-length" }
            upstreams:
              legacy: { url: "http://127.0.0.1:8081" }
              modern: { url: "http://127.0.0.1:8082" }
            identity:
              - header: X-User-Id
            routing:
              salt: s
              session: { cookie: JSESSIONID, idle: 20m }
              routes:
                - { path: "/api/**", to: rollout }
              cohorts:
                - name: everyone
                  percent: 0
                  ramp:
            %s
            %s
            migration:
              legacy: "postgresql://legacy@127.0.0.1/northwind"
              modern: "postgresql://modern@127.0.0.1/modern"
              users: "SELECT customer_id FROM customers"
              entities:
                - name: customer
                  fetch: "SELECT * FROM customers WHERE customer_id = $1"
                  map: { id: row.customer_id }
                  upsert: "INSERT INTO customer (id) VALUES (:id) ON CONFLICT (id) DO NOTHING"
            """;

    private static LoadResult<StranglerConfig> load(String ramp, String tail) {
        String indented = ramp.lines().map(line -> "            " + line).reduce((a, b) -> a + "\n" + b).orElse("");
        return ConfigLoader.parse("strangler.yaml", CONFIG.formatted(indented, tail), Map.of());
    }

    @Test
    void everyKey_isRead() {
        StranglerConfig config = load("""
                steps: [1, 5, 12.5, 100]
                interval: 10m
                minRequests: 50
                gates:
                  errorPoints: 1.5
                  latencyRatio: 2
                  migrationFailures: 3
                  shadowMatch: 97
                  promql: { query: 'sum(rate(x[5m]))', max: 0.05 }
                onFailure: pause
                abort: rollback""", "prometheus: { url: \"http://prometheus:9090\", timeout: 3s }").orElseThrow();

        RampPlan plan = config.ramps().plan("everyone").orElseThrow();
        assertThat(plan.steps()).containsExactly(Percent.parse("1"), Percent.parse("5"), Percent.parse("12.5"),
                Percent.ALL);
        assertThat(plan.interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(plan.minRequests()).isEqualTo(50);
        assertThat(plan.gates()).isEqualTo(new RampGates(1.5, 2.0, 3.0, 97.0, new PromqlGate("sum(rate(x[5m]))",
                0.05)));
        assertThat(plan.onFailure()).isEqualTo(RampFailure.PAUSE);
        assertThat(plan.rollback()).isTrue();
        assertThat(config.ramps().prometheus().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.routing().session().cookie()).isEqualTo("JSESSIONID");
        assertThat(config.routing().session().idle()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void defaults_abortKeepingMigratedUsersAfterAHundredRequests() {
        RampPlan plan = load("steps: [5, 50]\ninterval: 1m", "").orElseThrow().ramps().plan("everyone")
                .orElseThrow();

        assertThat(plan.onFailure()).isEqualTo(RampFailure.ABORT);
        assertThat(plan.rollback()).isFalse();
        assertThat(plan.minRequests()).isEqualTo(100);
        assertThat(plan.gates()).isEqualTo(RampGates.NONE);
    }

    @Test
    void toJson_readsBackAsTheSamePlan() {
        RampPlan plan = new RampPlan(List.of(Percent.parse("0.5"), Percent.ALL), Duration.ofMillis(1500), 7,
                new RampGates(null, 1.25, null, 99.5, new PromqlGate("max(up{job=\"a\\\\b\"})", 1)),
                RampFailure.PAUSE, true);

        RampPlan read = ConfigLoader.parseRampPlan("db", plan.toJson()).orElseThrow();

        assertThat(read).isEqualTo(plan);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "steps: [5, 5]\\ninterval: 1m | routing.cohorts[0].ramp.steps[1]: 5 (expected: more than the step before, 5)",
        "steps: [5, 140]\\ninterval: 1m | routing.cohorts[0].ramp.steps[1]: 140 (expected: 0..100)",
        "interval: 1m | routing.cohorts[0].ramp.steps: missing (required",
        "steps: [5]\\ninterval: 500ms | routing.cohorts[0].ramp.interval: 500ms (expected: at least 1s)",
        "steps: [5]\\ninterval: 1m\\nonFailure: stop | routing.cohorts[0].ramp.onFailure: stop (expected: one of pause, abort)",
        "steps: [5]\\ninterval: 1m\\nabort: undo | routing.cohorts[0].ramp.abort: undo (expected: keep or rollback)",
        "steps: [5]\\ninterval: 1m\\ngates: {latencyRatio: 0.5} | routing.cohorts[0].ramp.gates.latencyRatio: 0.5 (expected: a multiple",
        "steps: [5]\\ninterval: 1m\\ngates: {errorRate: 1} | routing.cohorts[0].ramp.gates.errorRate: unknown key",
        "steps: [5]\\ninterval: 1m\\ngates: {promql: {query: up}} | routing.cohorts[0].ramp.gates.promql.max: missing",
        "steps: [5]\\ninterval: 1m\\ngates: {promql: {query: up, max: 1}} | prometheus: missing (required: the cohort everyone has a promql gate",
    })
    void badPlan_isRefusedNamingTheKeyAndLine(String ramp, String expected) {
        LoadResult<StranglerConfig> result = load(ramp.replace("\\n", "\n"), "");

        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        assertThat(((LoadResult.Invalid<StranglerConfig>) result).errors())
                .anySatisfy(error -> assertThat(error.path() + ": " + error.message()).startsWith(expected));
        assertThat(((LoadResult.Invalid<StranglerConfig>) result).errors()).allSatisfy(error ->
                assertThat(error.line()).isPositive());
    }
}
