package dev.strangler.proxy.ramp;

import dev.strangler.config.RampGates;
import dev.strangler.config.RampPlan;
import dev.strangler.migrator.RampStore;
import dev.strangler.proxy.ramp.GateResult.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Judges a ramp's gates over one window's measurements: pure, so every case is a row of a table test. A window
 * with fewer modern requests than {@code minRequests} is inconclusive for every request-based gate (the ramp holds
 * its step); a gate with nothing to compare against (no legacy request left, no migration, comparison off) passes
 * and says so.
 *
 * @param results every gate's result, {@code requests} first
 * @param counts  what the window held
 */
public record GateCheck(List<GateResult> results, RampStore.Counts counts) {

    public GateCheck {
        results = List.copyOf(results);
    }

    /** A PromQL gate's reading: the value, or why there is none. */
    public record PromqlReading(OptionalDouble value, String problem) {

        public static PromqlReading of(double value) {
            return new PromqlReading(OptionalDouble.of(value), null);
        }

        public static PromqlReading failed(String problem) {
            return new PromqlReading(OptionalDouble.empty(), problem);
        }
    }

    /**
     * @param shadowMatch the shadow comparisons' match rate in percent over the window, empty while none ran
     * @param promql      the PromQL gate's reading, null when the plan has none
     */
    public static GateCheck judge(RampPlan plan, RampStore.Counts counts, OptionalDouble shadowMatch,
                                  PromqlReading promql) {
        RampGates gates = plan.gates();
        List<GateResult> results = new ArrayList<>();
        boolean enough = counts.modernRequests() >= plan.minRequests();
        results.add(new GateResult("requests", counts.modernRequests(), plan.minRequests(),
                enough ? Verdict.PASS : Verdict.INCONCLUSIVE, counts.modernRequests() + " modern requests (at least "
                + plan.minRequests() + " needed)"));
        if (gates.errorPoints() != null) {
            double modern = share(counts.modernErrors(), counts.modernRequests());
            double legacy = share(counts.legacyErrors(), counts.legacyRequests());
            double points = modern - legacy;
            results.add(new GateResult("errorPoints", points, gates.errorPoints(),
                    !enough ? Verdict.INCONCLUSIVE : points > gates.errorPoints() ? Verdict.FAIL : Verdict.PASS,
                    String.format(Locale.ROOT, "modern 5xx %.2f%% of %d, legacy %.2f%% of %d", modern,
                            counts.modernRequests(), legacy, counts.legacyRequests())));
        }
        if (gates.latencyRatio() != null) {
            results.add(latency(counts, gates.latencyRatio(), enough));
        }
        if (gates.migrationFailures() != null) {
            double failed = share(counts.migrationFailures(), counts.migrations());
            results.add(new GateResult("migrationFailures", failed, gates.migrationFailures(),
                    !enough ? Verdict.INCONCLUSIVE : failed > gates.migrationFailures() ? Verdict.FAIL : Verdict.PASS,
                    counts.migrationFailures() + " of " + counts.migrations()
                            + " migrations ended INVALID, FAILED or TIMEOUT"));
        }
        if (gates.shadowMatch() != null) {
            results.add(shadowMatch.isEmpty()
                    ? new GateResult("shadowMatch", Double.NaN, gates.shadowMatch(), Verdict.PASS,
                    "no shadow comparison ran")
                    : new GateResult("shadowMatch", shadowMatch.getAsDouble(), gates.shadowMatch(),
                    shadowMatch.getAsDouble() < gates.shadowMatch() ? Verdict.FAIL : Verdict.PASS,
                    String.format(Locale.ROOT, "%.2f%% of shadow comparisons matched", shadowMatch.getAsDouble())));
        }
        if (gates.promql() != null) {
            double max = gates.promql().max();
            results.add(promql == null || promql.value().isEmpty()
                    ? new GateResult("promql", Double.NaN, max, Verdict.INCONCLUSIVE,
                    promql == null ? "not queried" : promql.problem())
                    : new GateResult("promql", promql.value().getAsDouble(), max,
                    promql.value().getAsDouble() > max ? Verdict.FAIL : Verdict.PASS,
                    gates.promql().query() + " = " + promql.value().getAsDouble()));
        }
        return new GateCheck(results, counts);
    }

    private static GateResult latency(RampStore.Counts counts, double bound, boolean enough) {
        double legacy = counts.legacyP99Millis();
        double modern = counts.modernP99Millis();
        if (Double.isNaN(legacy)) {
            return new GateResult("latencyRatio", Double.NaN, bound, enough ? Verdict.PASS : Verdict.INCONCLUSIVE,
                    "legacy served none of the cohort: nothing to compare");
        }
        double ratio = modern / legacy;
        return new GateResult("latencyRatio", ratio, bound,
                !enough ? Verdict.INCONCLUSIVE : ratio > bound ? Verdict.FAIL : Verdict.PASS,
                String.format(Locale.ROOT, "p99 modern %.1f ms, legacy %.1f ms", modern, legacy));
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : part * 100.0 / whole;
    }

    /** Fail if any gate fails; otherwise inconclusive if any is; otherwise pass. */
    public Verdict verdict() {
        if (results.stream().anyMatch(result -> result.verdict() == Verdict.FAIL)) {
            return Verdict.FAIL;
        }
        return results.stream().anyMatch(result -> result.verdict() == Verdict.INCONCLUSIVE)
                ? Verdict.INCONCLUSIVE : Verdict.PASS;
    }

    /** The failed gates in words, for a change's reason. */
    public String failures() {
        return String.join("; ", results.stream().filter(result -> result.verdict() == Verdict.FAIL)
                .map(GateResult::toString).toList());
    }

    /** Every gate, as kept with a change in the audit and shown by {@code /admin/status}. */
    public String toJson() {
        JsonArray gates = new JsonArray();
        results.forEach(result -> gates.add(result.toJson()));
        return new JsonObject().put("verdict", verdict().id()).put("gates", gates).encode();
    }
}
