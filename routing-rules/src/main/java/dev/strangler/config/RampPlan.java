package dev.strangler.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An automated ramp of one cohort ({@code routing.cohorts[].ramp}, or the body of
 * {@code POST /admin/ramps/{cohort}/start}): the percentages to walk through, how long each step is watched, the
 * gates that must hold over each interval, and what a failed gate does.
 *
 * <pre>
 * ramp:
 *   steps: [1, 5, 10, 25, 50, 100]
 *   interval: 10m
 *   minRequests: 200
 *   gates: { errorPoints: 1, latencyRatio: 1.5, migrationFailures: 2, shadowMatch: 97 }
 *   onFailure: abort
 *   abort: rollback
 * </pre>
 *
 * @param steps       the percentages, strictly increasing ({@code steps:}, required, each 0..100 with at most two
 *                    decimals); the ramp completes once the last one has held for an interval
 * @param interval    how long each step is watched before the next ({@code interval:}, required, at least 1s); a
 *                    gate that fails over the last interval acts at once, whatever the step's age
 * @param minRequests the fewest modern requests of the cohort an interval needs for its gates to count
 *                    ({@code minRequests:}, default 100): with fewer, the ramp holds its step instead of stepping up
 * @param gates       what must hold ({@code gates:}; see {@link RampGates})
 * @param onFailure   what a failed gate does ({@code onFailure:}, {@code pause} or {@code abort}, default
 *                    {@code abort})
 * @param rollback    whether an abort also rolls back the users migrated during the ramp ({@code abort: rollback};
 *                    default {@code abort: keep}, where migrated users stay on modern)
 */
public record RampPlan(List<Percent> steps, Duration interval, long minRequests, RampGates gates,
                       RampFailure onFailure, boolean rollback) {

    public RampPlan {
        steps = List.copyOf(steps);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(gates, "gates");
        Objects.requireNonNull(onFailure, "onFailure");
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps: empty (expected: at least one percentage)");
        }
    }

    /** The plan as JSON text, readable again by {@link ConfigLoader#parseRampPlan}: how the state database keeps it. */
    public String toJson() {
        StringJoiner percents = new StringJoiner(", ", "[", "]");
        steps.forEach(step -> percents.add(step.toString()));
        return "{\"steps\": " + percents + ", \"interval\": \"" + interval.toMillis() + "ms\", \"minRequests\": "
                + minRequests + ", \"gates\": " + gates.toJson() + ", \"onFailure\": \"" + onFailure.id()
                + "\", \"abort\": \"" + (rollback ? "rollback" : "keep") + "\"}";
    }

    @Override
    public String toString() {
        return "steps " + steps + " every " + interval + ", " + gates + ", on failure " + onFailure.id()
                + (rollback ? " (rollback)" : "");
    }
}
