package dev.strangler.config.file;

import dev.strangler.config.Percent;
import dev.strangler.config.PrometheusEndpoint;
import dev.strangler.config.PromqlGate;
import dev.strangler.config.RampFailure;
import dev.strangler.config.RampGates;
import dev.strangler.config.RampPlan;
import dev.strangler.config.RampsConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the ramps: every {@code routing.cohorts[].ramp} and the top-level {@code prometheus:}; and a plan on its own
 * (the admin API's body) through {@link #plan}. Each error names the key's path and line.
 */
final class RampsReader {

    private static final Set<String> PLAN = Set.of("steps", "interval", "minRequests", "gates", "onFailure", "abort");
    private static final Set<String> GATES = Set.of("errorPoints", "latencyRatio", "migrationFailures",
            "shadowMatch", "promql");
    private static final Set<String> PROMQL = Set.of("query", "max");
    private static final Set<String> PROMETHEUS = Set.of("url", "timeout");
    private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);

    private RampsReader() {
    }

    static RampsConfig read(ConfigNode root) {
        Map<String, RampPlan> plans = new LinkedHashMap<>();
        for (ConfigNode cohort : root.get("routing").get("cohorts").items()) {
            ConfigNode ramp = cohort.get("ramp");
            String name = cohort.isMapping() ? cohort.get("name").text() : null;
            if (ramp.isPresent() && name != null) {
                RampPlan plan = plan(ramp);
                if (plan != null) {
                    plans.put(name, plan);
                }
            }
        }
        PrometheusEndpoint prometheus = prometheus(root.get("prometheus"));
        if (prometheus == null) {
            plans.forEach((cohort, plan) -> {
                if (plan.gates().promql() != null) {
                    root.get("prometheus").error("missing (required: the cohort " + cohort
                            + " has a promql gate; expected prometheus.url)");
                }
            });
        }
        return new RampsConfig(plans, prometheus);
    }

    /** One plan; null (with its errors reported) when invalid. */
    static RampPlan plan(ConfigNode node) {
        if (!node.expectKeys(PLAN)) {
            return null;
        }
        List<Percent> steps = new ArrayList<>();
        ConfigNode stepsNode = node.get("steps");
        if (!stepsNode.isPresent()) {
            stepsNode.error("missing (required: percentages such as [1, 5, 10, 25, 50, 100])");
        }
        Percent previous = null;
        for (ConfigNode item : stepsNode.items()) {
            Percent step = item.parsed(Percent::parse, null, true);
            if (step != null && previous != null && step.basisPoints() <= previous.basisPoints()) {
                item.error(step + " (expected: more than the step before, " + previous + ")");
            } else if (step != null) {
                steps.add(step);
                previous = step;
            }
        }
        if (stepsNode.isPresent() && steps.isEmpty() && stepsNode.items().isEmpty()) {
            stepsNode.error("empty (expected: at least one percentage)");
        }
        ConfigNode intervalNode = node.get("interval");
        Duration interval = intervalNode.parsed(ConfigNode::parseDuration, null, true);
        if (interval != null && interval.compareTo(SHORTEST_INTERVAL) < 0) {
            intervalNode.error(intervalNode.text() + " (expected: at least 1s)");
            interval = null;
        }
        long minRequests = node.get("minRequests").integer(100, 0, Integer.MAX_VALUE);
        RampGates gates = gates(node.get("gates"));
        RampFailure onFailure = node.get("onFailure").choice(RampFailure.class, RampFailure.ABORT, false);
        boolean rollback = node.get("abort").parsed(text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "keep" -> false;
            case "rollback" -> true;
            default -> throw new IllegalArgumentException(text + " (expected: keep or rollback)");
        }, false, false);
        if (steps.isEmpty() || interval == null || gates == null) {
            return null;
        }
        return new RampPlan(steps, interval, minRequests, gates, onFailure, rollback);
    }

    private static RampGates gates(ConfigNode node) {
        if (!node.isPresent()) {
            return RampGates.NONE;
        }
        if (!node.expectKeys(GATES)) {
            return null;
        }
        Double errorPoints = number(node.get("errorPoints"), 0, 100, "percentage points from 0 to 100");
        Double latencyRatio = number(node.get("latencyRatio"), 1, 1000, "a multiple from 1 to 1000, such as 1.5");
        Double failures = number(node.get("migrationFailures"), 0, 100, "a percentage from 0 to 100");
        Double shadow = number(node.get("shadowMatch"), 0, 100, "a percentage from 0 to 100");
        PromqlGate promql = null;
        ConfigNode promqlNode = node.get("promql");
        if (promqlNode.isPresent() && promqlNode.expectKeys(PROMQL)) {
            String query = promqlNode.get("query").requiredText();
            ConfigNode maxNode = promqlNode.get("max");
            if (!maxNode.isPresent()) {
                maxNode.error("missing (required: the highest value that passes)");
            }
            Double max = number(maxNode, -Double.MAX_VALUE, Double.MAX_VALUE, "a number");
            if (query != null && max != null) {
                promql = new PromqlGate(query, max);
            }
        }
        return new RampGates(errorPoints, latencyRatio, failures, shadow, promql);
    }

    private static Double number(ConfigNode node, double min, double max, String expected) {
        return node.parsed(text -> {
            double value;
            try {
                value = Double.parseDouble(text.trim().endsWith("%")
                        ? text.trim().substring(0, text.trim().length() - 1) : text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(text + " (expected: " + expected + ")");
            }
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException(text + " (expected: " + expected + ")");
            }
            return value;
        }, null, false);
    }

    private static PrometheusEndpoint prometheus(ConfigNode node) {
        if (!node.isPresent()) {
            return null;
        }
        node.expectKeys(PROMETHEUS);
        URI url = node.get("url").parsed(StranglerConfigReader::upstreamUrl, null, true);
        Duration timeout = node.get("timeout").positiveDuration(Duration.ofSeconds(5));
        return url == null ? null : new PrometheusEndpoint(url, timeout);
    }
}
