package dev.strangler.migrator;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How a {@link Backfills.Progress} reads: the admin API's JSON and the progress line. */
final class BackfillProgressText {

    private BackfillProgressText() {
    }

    static JsonObject json(Backfills.Progress progress) {
        Duration eta = progress.eta();
        return new JsonObject().put("done", progress.done()).put("total", progress.total())
                .put("elapsedMs", progress.elapsed().toMillis())
                .put("usersPerSecond", progress.rate()).put("etaMs", eta == null ? null : eta.toMillis())
                .put("migrated", progress.migrated()).put("invalid", progress.invalid())
                .put("failed", progress.failed())
                .put("failuresByRule", new JsonObject(new TreeMap<String, Object>(progress.failuresByRule())))
                .put("rateLimit", progress.rateLimit());
    }

    static String line(Backfills.Progress progress) {
        Duration eta = progress.eta();
        Map<String, Long> failuresByRule = progress.failuresByRule();
        String rules = failuresByRule.isEmpty() ? "" : " (" + failuresByRule.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")) + ")";
        return String.format(Locale.ROOT, "%d/%d users, %.1f/s, ETA %s, %d migrated, %d invalid, %d failed%s%s",
                progress.done(), progress.total(), progress.rate(), eta == null ? "?" : eta.toSeconds() + "s",
                progress.migrated(), progress.invalid(), progress.failed(), rules,
                progress.rateLimit() > 0 ? String.format(Locale.ROOT, ", limit %.0f/s", progress.rateLimit()) : "");
    }
}
