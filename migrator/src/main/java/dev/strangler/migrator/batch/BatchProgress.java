package dev.strangler.migrator.batch;

import java.time.Duration;

/**
 * How far a run over many users has come, for a progress line: {@code 1200/5000 users, 85.3/s, ETA 44s}.
 *
 * @param done    users finished
 * @param total   users in the run
 * @param elapsed time since the run started
 */
public record BatchProgress(long done, long total, Duration elapsed) {

    /** Users per second so far; 0 before the first completes. */
    public double rate() {
        double seconds = elapsed.toMillis() / 1000.0;
        return seconds <= 0 ? 0 : done / seconds;
    }

    /** Time left at the current rate; null until there is a rate. */
    public Duration eta() {
        double rate = rate();
        return rate <= 0 ? null : Duration.ofMillis((long) ((total - done) / rate * 1000));
    }

    @Override
    public String toString() {
        Duration eta = eta();
        return String.format(java.util.Locale.ROOT, "%d/%d users, %.1f/s, ETA %s", done, total, rate(),
                eta == null ? "?" : eta.toSeconds() + "s");
    }
}
