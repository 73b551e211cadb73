package dev.strangler.migrator.backfill;

import dev.strangler.migrator.Backfills;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The backfill's rate limit, and its adaptive brake: legacy is in production while a backfill runs, so when the
 * median attempt time of the last {@code window} attempts rises above {@code maxLatency}, or their error share
 * above {@code maxErrorRate}, the rate is halved; while both stay below, it grows back by a tenth of the configured
 * rate per window (additive increase, multiplicative decrease). With no configured rate the brake starts from the
 * rate observed in the window where it first acts.
 */
final class Brake {

    private static final double FLOOR = 1.0;

    private final Vertx vertx;
    private final Clock clock;
    private final Backfills.Settings settings;
    private final Backfills.Listener listener;
    private final long[] latencies;
    private double rate;
    private long nextSlot;
    private int seen;
    private int errors;
    private long windowStarted;

    Brake(Vertx vertx, Clock clock, Backfills.Settings settings, Backfills.Listener listener) {
        this.vertx = vertx;
        this.clock = clock;
        this.settings = settings;
        this.listener = listener;
        this.latencies = new long[settings.window()];
        this.rate = settings.rate();
        this.windowStarted = clock.millis();
    }

    /** Completes when the next attempt may start. */
    Future<Void> acquire() {
        return acquire(1);
    }

    /** Completes when the next {@code users} attempts may start (a batch takes a slot per user). */
    Future<Void> acquire(int users) {
        long delay;
        synchronized (this) {
            if (rate <= 0) {
                return Future.succeededFuture();
            }
            long now = clock.millis();
            long slot = Math.max(now, nextSlot);
            nextSlot = slot + users * Math.max(1, (long) (1000 / rate));
            delay = slot - now;
        }
        return delay <= 0 ? Future.succeededFuture() : vertx.timer(delay).mapEmpty();
    }

    /** Counts one attempt; every {@code window} attempts, decides whether to brake or release. */
    void record(Duration took, boolean error) {
        String reason = null;
        double changed;
        synchronized (this) {
            latencies[seen++] = took.toMillis();
            errors += error ? 1 : 0;
            if (seen < latencies.length) {
                return;
            }
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            long median = sorted[sorted.length / 2];
            double errorShare = errors / (double) seen;
            long now = clock.millis();
            double observed = seen * 1000.0 / Math.max(1, now - windowStarted);
            seen = 0;
            errors = 0;
            windowStarted = now;
            changed = rate;
            if (median > settings.maxLatency().toMillis() || errorShare > settings.maxErrorRate()) {
                double from = rate > 0 ? rate : observed;
                rate = Math.max(FLOOR, from / 2);
                reason = String.format(Locale.ROOT, "median attempt %d ms (bound %d ms), errors %.1f%% (bound %.1f%%)",
                        median, settings.maxLatency().toMillis(), errorShare * 100, settings.maxErrorRate() * 100);
            } else if (rate > 0 && (settings.rate() == 0 || rate < settings.rate())) {
                double step = settings.rate() > 0 ? settings.rate() / 10 : rate / 10;
                rate = settings.rate() > 0 ? Math.min(settings.rate(), rate + step) : rate + step;
                reason = "legacy within bounds again";
            }
            changed = rate == changed ? -1 : rate;
        }
        if (changed >= 0) {
            listener.braked(changed, reason);
        }
    }

    /** The rate limit in force now, users/s; 0 for none. */
    synchronized double rate() {
        return rate;
    }
}
