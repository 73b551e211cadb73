package dev.strangler.migrator;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The knobs of one backfill worker. Build from {@link #defaults()} and the {@code with*} methods; each checks its
 * value and says what it expected.
 *
 * @param rate          users started per second at most; 0 for no limit ({@code --rate}, default 200). The brake
 *                      lowers the effective rate below this, never above it
 * @param concurrency   users in flight at once, or with the set-based load path batches in flight (at most a
 *                      quarter of the engine's pool) ({@code --concurrency}, default 8)
 * @param batchSize     users claimed per round trip to the state database (default 64; with the set-based load
 *                      path at least {@code loadBatch} per batch in flight)
 * @param lease         how long a claim holds before another worker may take the user: longer than a batch takes,
 *                      short enough that a crashed worker's users are not stranded for long (default 2 minutes)
 * @param limit         users attempted at most by this worker; 0 for all ({@code --limit})
 * @param retryFailed   also users whose state is {@code FAILED} or {@code INVALID}, each once per run
 *                      ({@code --retry-failed})
 * @param selects       which users this worker migrates (the {@code --cohort} filter); a user it does not select
 *                      is released at once
 * @param maxLatency    the brake's latency bound: when the median attempt time of the last {@code window} attempts
 *                      exceeds it, the rate is halved (default 500ms). An attempt is dominated by the legacy
 *                      fetches, so a slow attempt means a loaded legacy database
 * @param maxErrorRate  the brake's error bound: the share of failed or timed-out attempts in the window above which
 *                      the rate is halved (default 0.05)
 * @param window        attempts per brake decision (default 50); below both bounds the rate grows back by a tenth
 *                      of the configured rate per window
 * @param seedChunk     legacy user keys read and seeded into {@code strangler.user_state} per statement
 *                      (default 10,000)
 * @param workerId      this worker's name on its claims, unique per process
 * @param loadBatch     users migrated together by the set-based load path (one legacy read per entity, one modern
 *                      transaction; see {@code bulk.BatchLoad}); 0 migrates each user on its own as a request
 *                      would (default 64, {@code --load-batch})
 * @param writes        how a batch's rows are written to modern (default {@code MULTI_ROW})
 */
public record BackfillSettings(double rate, int concurrency, int batchSize, Duration lease, long limit,
                               boolean retryFailed, Predicate<String> selects, Duration maxLatency,
                               double maxErrorRate, int window, int seedChunk, String workerId, int loadBatch,
                               BatchWrites writes) {

    public BackfillSettings {
        if (rate < 0) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: 0 for no limit, or more)");
        }
        positive("concurrency", concurrency);
        positive("batchSize", batchSize);
        positive("window", window);
        positive("seedChunk", seedChunk);
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease: " + lease + " (expected: more than 0)");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: 0 for all, or more)");
        }
        if (maxErrorRate <= 0 || maxErrorRate > 1) {
            throw new IllegalArgumentException("maxErrorRate: " + maxErrorRate + " (expected: more than 0, at most 1)");
        }
        Objects.requireNonNull(selects, "selects");
        Objects.requireNonNull(maxLatency, "maxLatency");
        Objects.requireNonNull(workerId, "workerId");
        if (loadBatch < 0) {
            throw new IllegalArgumentException("loadBatch: " + loadBatch + " (expected: 0 for one by one, or more)");
        }
        Objects.requireNonNull(writes, "writes");
    }

    /**
     * The defaults, every user selected, named {@code PID@host} after this process; the host is the system property
     * {@code strangler.host}, else {@code localhost}. A process's composition root, which reads the environment,
     * names the worker after its host with {@link #defaults(String)}.
     */
    public static BackfillSettings defaults() {
        return defaults("localhost");
    }

    /** The defaults, named {@code PID@host} after this process on {@code host} (unless {@code strangler.host} says). */
    public static BackfillSettings defaults(String host) {
        return new BackfillSettings(200, 8, 64, Duration.ofMinutes(2), 0, false, key -> true,
                Duration.ofMillis(500), 0.05, 50, 10_000,
                ProcessHandle.current().pid() + "@" + System.getProperty("strangler.host", host), 64,
                BatchWrites.MULTI_ROW);
    }

    public BackfillSettings withRate(double value) {
        return new BackfillSettings(value, concurrency, batchSize, lease, limit, retryFailed, selects, maxLatency,
                maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
    }

    public BackfillSettings withConcurrency(int value) {
        return new BackfillSettings(rate, value, Math.max(batchSize, value), lease, limit, retryFailed, selects,
                maxLatency, maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
    }

    public BackfillSettings withBatchSize(int value) {
        return new BackfillSettings(rate, concurrency, value, lease, limit, retryFailed, selects, maxLatency,
                maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
    }

    public BackfillSettings withLease(Duration value) {
        return new BackfillSettings(rate, concurrency, batchSize, value, limit, retryFailed, selects, maxLatency,
                maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
    }

    public BackfillSettings withLimit(long value) {
        return new BackfillSettings(rate, concurrency, batchSize, lease, value, retryFailed, selects, maxLatency,
                maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
    }

    public BackfillSettings withRetryFailed(boolean value) {
        return new BackfillSettings(rate, concurrency, batchSize, lease, limit, value, selects, maxLatency,
                maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
    }

    public BackfillSettings withSelects(Predicate<String> value) {
        return new BackfillSettings(rate, concurrency, batchSize, lease, limit, retryFailed, value, maxLatency,
                maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
    }

    public BackfillSettings withBrake(Duration latency, double errorRate, int attempts) {
        return new BackfillSettings(rate, concurrency, batchSize, lease, limit, retryFailed, selects, latency,
                errorRate, attempts, seedChunk, workerId, loadBatch, writes);
    }

    public BackfillSettings withSeedChunk(int value) {
        return new BackfillSettings(rate, concurrency, batchSize, lease, limit, retryFailed, selects, maxLatency,
                maxErrorRate, window, value, workerId, loadBatch, writes);
    }

    public BackfillSettings withWorkerId(String value) {
        return new BackfillSettings(rate, concurrency, batchSize, lease, limit, retryFailed, selects, maxLatency,
                maxErrorRate, window, seedChunk, value, loadBatch, writes);
    }

    public BackfillSettings withLoadBatch(int value) {
        return new BackfillSettings(rate, concurrency, batchSize, lease, limit, retryFailed, selects, maxLatency,
                maxErrorRate, window, seedChunk, workerId, value, writes);
    }

    public BackfillSettings withWrites(BatchWrites value) {
        return new BackfillSettings(rate, concurrency, batchSize, lease, limit, retryFailed, selects, maxLatency,
                maxErrorRate, window, seedChunk, workerId, loadBatch, value);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: more than 0)");
        }
    }
}
