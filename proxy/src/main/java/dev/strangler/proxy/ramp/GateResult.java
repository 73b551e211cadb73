package dev.strangler.proxy.ramp;

import io.vertx.core.json.JsonObject;

/**
 * One gate judged over one window: its measured value, the bound it is held to, and the verdict.
 *
 * @param gate    {@code errorPoints}, {@code latencyRatio}, {@code migrationFailures}, {@code shadowMatch},
 *                {@code promql} or {@code requests} (enough requests to judge at all)
 * @param value   the measured value, NaN when none
 * @param bound   the configured bound
 * @param verdict pass, fail or inconclusive
 * @param detail  what was measured, in words
 */
public record GateResult(String gate, double value, double bound, Verdict verdict, String detail) {

    /** What a gate, or a whole window, says. */
    public enum Verdict {
        PASS, FAIL, INCONCLUSIVE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("gate", gate).put("value", Double.isNaN(value) ? null : round(value))
                .put("bound", bound).put("verdict", verdict.id()).put("detail", detail);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    @Override
    public String toString() {
        return gate + " " + verdict.id() + " (" + detail + ")";
    }
}
