package dev.strangler.config.file;

import dev.strangler.config.EjectionConfig;
import java.time.Duration;
import java.util.Set;

/** Reads an upstream's {@code ejection:} (see {@link EjectionConfig}); absent means never ejected. */
final class EjectionReader {

    private static final Set<String> KEYS = Set.of("consecutiveFailures", "successRate", "window", "interval",
            "maxInterval", "probes");

    private EjectionReader() {
    }

    static EjectionConfig read(ConfigNode node) {
        if (!node.isPresent() || !node.expectKeys(KEYS)) {
            return null;
        }
        int consecutive = node.get("consecutiveFailures").integer(5, 1, 1000);
        int successRate = node.get("successRate").parsed(EjectionReader::percent, 0, false);
        int window = node.get("window").integer(100, 2, 10_000);
        Duration interval = node.get("interval").positiveDuration(Duration.ofSeconds(10));
        ConfigNode maxNode = node.get("maxInterval");
        Duration max = maxNode.positiveDuration(interval.compareTo(Duration.ofMinutes(5)) > 0 ? interval
                : Duration.ofMinutes(5));
        if (max.compareTo(interval) < 0) {
            maxNode.error(maxNode.text() + " (expected: at least interval, " + node.get("interval").text() + ")");
            max = interval;
        }
        return new EjectionConfig(consecutive, successRate, window, interval, max,
                node.get("probes").integer(1, 1, 100));
    }

    private static int percent(String text) {
        String digits = text.trim().endsWith("%") ? text.trim().substring(0, text.trim().length() - 1).trim()
                : text.trim();
        if (!digits.matches("[0-9]{1,3}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 100) {
            throw new IllegalArgumentException(text + " (expected: a percent from 1 to 100, such as 80%)");
        }
        return Integer.parseInt(digits);
    }
}
