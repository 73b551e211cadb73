package dev.strangler.proxy.ramp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.PromqlGate;
import dev.strangler.config.RampFailure;
import dev.strangler.config.RampGates;
import dev.strangler.config.RampPlan;
import dev.strangler.migrator.RampStore;
import dev.strangler.proxy.ramp.GateCheck.PromqlReading;
import dev.strangler.proxy.ramp.GateResult.Verdict;
import dev.strangler.config.Percent;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gates of a window, judged as the plan says. */
class GateCheckTest {

    private static RampPlan plan(RampGates gates, long minRequests) {
        return new RampPlan(List.of(Percent.parse("5"), Percent.ALL), Duration.ofMinutes(1), minRequests, gates,
                RampFailure.ABORT, false);
    }

    private static RampStore.Counts counts(long legacy, long legacyErrors, long modern, long modernErrors,
                                     long legacyMillis, long modernMillis, long migrations, long failures) {
        long[] legacyLatency = new long[RampStore.Counts.BUCKETS];
        long[] modernLatency = new long[RampStore.Counts.BUCKETS];
        legacyLatency[RampStore.Counts.bucketOf(legacyMillis * 1_000_000)] = legacy;
        modernLatency[RampStore.Counts.bucketOf(modernMillis * 1_000_000)] = modern;
        return new RampStore.Counts(legacy, legacyErrors, modern, modernErrors, legacyLatency, modernLatency,
                migrations,
                failures);
    }

    @ParameterizedTest(name = "legacy {1}/{0} 5xx, modern {3}/{2} 5xx, at most {4} points: {5}")
    @CsvSource({
        "1000,  10, 100,  1, 1, PASS",
        "1000,  10, 100,  2, 1, PASS",
        "1000,  10, 100,  3, 1, FAIL",
        "1000, 100, 100, 10, 1, PASS",
        "0,      0, 100,  1, 1, PASS",
        "0,      0, 100,  2, 1, FAIL",
        "1000,   0,  99, 99, 1, INCONCLUSIVE",
    })
    void errorPoints(long legacy, long legacyErrors, long modern, long modernErrors, double bound, Verdict verdict) {
        GateCheck check = GateCheck.judge(plan(new RampGates(bound, null, null, null, null), 100),
                counts(legacy, legacyErrors, modern, modernErrors, 10, 10, 0, 0), OptionalDouble.empty(), null);

        assertThat(check.verdict()).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "p99 legacy {0} ms, modern {1} ms, at most {2}x: {3}")
    @CsvSource({
        "100, 100, 1.5, PASS",
        "100, 140, 1.5, PASS",
        "100, 180, 1.5, FAIL",
        "10, 1000, 3,   FAIL",
    })
    void latencyRatio(long legacyMillis, long modernMillis, double bound, Verdict verdict) {
        GateCheck check = GateCheck.judge(plan(new RampGates(null, bound, null, null, null), 10),
                counts(100, 0, 100, 0, legacyMillis, modernMillis, 0, 0), OptionalDouble.empty(), null);

        assertThat(check.verdict()).isEqualTo(verdict);
    }

    @Test
    void latencyRatio_withoutLegacyRequests_passesSayingSo() {
        GateCheck check = GateCheck.judge(plan(new RampGates(null, 1.5, null, null, null), 10),
                counts(0, 0, 100, 0, 10, 5000, 0, 0), OptionalDouble.empty(), null);

        assertThat(check.verdict()).isEqualTo(Verdict.PASS);
        assertThat(check.results().get(1).detail()).contains("nothing to compare");
    }

    @ParameterizedTest(name = "{1} of {0} migrations failed, at most {2}%: {3}")
    @CsvSource({
        "100, 2, 2, PASS",
        "100, 3, 2, FAIL",
        "0,   0, 2, PASS",
    })
    void migrationFailures(long migrations, long failures, double bound, Verdict verdict) {
        GateCheck check = GateCheck.judge(plan(new RampGates(null, null, bound, null, null), 10),
                counts(100, 0, 100, 0, 10, 10, migrations, failures), OptionalDouble.empty(), null);

        assertThat(check.verdict()).isEqualTo(verdict);
    }

    @Test
    void shadowMatch_failsBelowTheBoundAndIsSkippedWhileNothingIsCompared() {
        RampPlan plan = plan(new RampGates(null, null, null, 97.0, null), 10);
        RampStore.Counts counts = counts(100, 0, 100, 0, 10, 10, 0, 0);

        assertThat(GateCheck.judge(plan, counts, OptionalDouble.of(96.9), null).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(GateCheck.judge(plan, counts, OptionalDouble.of(97.4), null).verdict()).isEqualTo(Verdict.PASS);
        assertThat(GateCheck.judge(plan, counts, OptionalDouble.empty(), null).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void promql_failsAboveItsMaxAndHoldsWithoutAReading() {
        RampPlan plan = plan(new RampGates(null, null, null, null, new PromqlGate("x", 0.05)), 10);
        RampStore.Counts counts = counts(100, 0, 100, 0, 10, 10, 0, 0);

        assertThat(GateCheck.judge(plan, counts, OptionalDouble.empty(), PromqlReading.of(0.2)).verdict())
                .isEqualTo(Verdict.FAIL);
        assertThat(GateCheck.judge(plan, counts, OptionalDouble.empty(), PromqlReading.of(0.05)).verdict())
                .isEqualTo(Verdict.PASS);
        GateCheck unreachable = GateCheck.judge(plan, counts, OptionalDouble.empty(),
                PromqlReading.failed("connection refused"));
        assertThat(unreachable.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(unreachable.toJson()).contains("connection refused");
    }

    @Test
    void prometheusAnswers_areReadAsScalarOrFirstSample() {
        assertThat(PrometheusQueries.reading("""
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1.7e9,"0.25"]}]}}
                """).value()).hasValue(0.25);
        assertThat(PrometheusQueries.reading("""
                {"status":"success","data":{"resultType":"scalar","result":[1.7e9,"3"]}}""").value()).hasValue(3);
        assertThat(PrometheusQueries.reading("""
                {"status":"success","data":{"resultType":"vector","result":[]}}""").problem()).contains("no sample");
        assertThat(PrometheusQueries.reading("not json").problem()).contains("cannot be read");
    }
}
