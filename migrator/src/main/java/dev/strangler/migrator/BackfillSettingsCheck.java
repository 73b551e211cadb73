package dev.strangler.migrator;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/** The checks of {@link Backfills.Settings}: each value that is out of range says what was expected. */
final class BackfillSettingsCheck {

    private BackfillSettingsCheck() {
    }

    static void check(double rate, int concurrency, int batchSize, Duration lease, long limit,
                      Predicate<String> selects, Duration maxLatency, double maxErrorRate, int window, int seedChunk,
                      String workerId, int loadBatch, Backfills.BatchWrites writes) {
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
            throw new IllegalArgumentException("maxErrorRate: " + maxErrorRate
                    + " (expected: more than 0, at most 1)");
        }
        Objects.requireNonNull(selects, "selects");
        Objects.requireNonNull(maxLatency, "maxLatency");
        Objects.requireNonNull(workerId, "workerId");
        if (loadBatch < 0) {
            throw new IllegalArgumentException("loadBatch: " + loadBatch + " (expected: 0 for one by one, or more)");
        }
        Objects.requireNonNull(writes, "writes");
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: more than 0)");
        }
    }
}
