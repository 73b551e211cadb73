package dev.strangler.migrator;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where one worker's backfill is: {@code 1200/5000 users, 85.3/s, ETA 44s, 1150 migrated, 3 invalid, 0 failed}.
 *
 * @param done           users this worker attempted
 * @param total          users eligible when the run started (all workers' share), plus those it attempted
 * @param elapsed        time since the run started
 * @param migrated       attempts that migrated the user
 * @param invalid        attempts that found the user's data invalid
 * @param failed         attempts that failed or timed out
 * @param failuresByRule invalid and failed users per broken rule ({@code (error)} for failures that break no rule)
 * @param rateLimit      the rate limit in force now, users/s (0: none), lowered by the brake when it acts
 */
public record BackfillProgress(long done, long total, Duration elapsed, long migrated, long invalid, long failed,
                               Map<String, Long> failuresByRule, double rateLimit) {

    public BackfillProgress {
        failuresByRule = Map.copyOf(failuresByRule);
    }

    /** Users per second so far; 0 before the first completes. */
    public double rate() {
        double seconds = elapsed.toMillis() / 1000.0;
        return seconds <= 0 ? 0 : done / seconds;
    }

    /** Time left at the current rate; null until there is a rate. */
    public Duration eta() {
        double rate = rate();
        return rate <= 0 ? null : Duration.ofMillis((long) (Math.max(0, total - done) / rate * 1000));
    }

    /** The progress as the admin API's {@code GET /admin/backfill} answers it. */
    public JsonObject toJson() {
        Duration eta = eta();
        return new JsonObject().put("done", done).put("total", total).put("elapsedMs", elapsed.toMillis())
                .put("usersPerSecond", rate()).put("etaMs", eta == null ? null : eta.toMillis())
                .put("migrated", migrated).put("invalid", invalid).put("failed", failed)
                .put("failuresByRule", new JsonObject(new java.util.TreeMap<String, Object>(failuresByRule)))
                .put("rateLimit", rateLimit);
    }

    @Override
    public String toString() {
        Duration eta = eta();
        String rules = failuresByRule.isEmpty() ? "" : " (" + failuresByRule.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")) + ")";
        return String.format(Locale.ROOT, "%d/%d users, %.1f/s, ETA %s, %d migrated, %d invalid, %d failed%s%s",
                done, total, rate(), eta == null ? "?" : eta.toSeconds() + "s", migrated, invalid, failed, rules,
                rateLimit > 0 ? String.format(Locale.ROOT, ", limit %.0f/s", rateLimit) : "");
    }
}
