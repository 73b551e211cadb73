package dev.strangler.config;

import java.util.StringJoiner;

/**
 * The gates of a ramp ({@code ramp.gates}), each optional (null: not checked), each measured over one interval
 * from the cohort's own requests as every proxy of the fleet saw them.
 *
 * @param errorPoints       the most modern's share of 5xx answers may exceed legacy's, in percentage points
 *                          ({@code errorPoints: 1}: 1.2% against 0.3% passes, 1.5% against 0.3% fails)
 * @param latencyRatio      the most modern's p99 latency may be, as a multiple of legacy's ({@code latencyRatio: 1.5})
 * @param migrationFailures the most request-triggered migrations of the cohort that may end INVALID or FAILED
 *                          (timeouts included), in percent ({@code migrationFailures: 2})
 * @param shadowMatch       the least shadow comparison match rate, in percent, when comparison is on
 *                          ({@code shadowMatch: 97}); skipped while nothing is compared
 * @param promql            a query against {@code prometheus.url} that must stay at or under a bound
 *                          ({@code promql: {query: '...', max: 0.05}}), for signals the proxy does not see
 */
public record RampGates(Double errorPoints, Double latencyRatio, Double migrationFailures, Double shadowMatch,
                        PromqlGate promql) {

    /** No gate at all: every interval with enough requests passes. */
    public static final RampGates NONE = new RampGates(null, null, null, null, null);

    String toJson() {
        StringJoiner json = new StringJoiner(", ", "{", "}");
        if (errorPoints != null) {
            json.add("\"errorPoints\": " + errorPoints);
        }
        if (latencyRatio != null) {
            json.add("\"latencyRatio\": " + latencyRatio);
        }
        if (migrationFailures != null) {
            json.add("\"migrationFailures\": " + migrationFailures);
        }
        if (shadowMatch != null) {
            json.add("\"shadowMatch\": " + shadowMatch);
        }
        if (promql != null) {
            json.add("\"promql\": {\"query\": \"" + promql.query().replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\", \"max\": " + promql.max() + "}");
        }
        return json.toString();
    }

    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "gates [", "]");
        if (errorPoints != null) {
            text.add("modern 5xx share <= legacy's + " + errorPoints + " points");
        }
        if (latencyRatio != null) {
            text.add("modern p99 <= " + latencyRatio + " x legacy's");
        }
        if (migrationFailures != null) {
            text.add("migration failures < " + migrationFailures + "%");
        }
        if (shadowMatch != null) {
            text.add("shadow match >= " + shadowMatch + "%");
        }
        if (promql != null) {
            text.add(promql.toString());
        }
        return text.toString();
    }
}
