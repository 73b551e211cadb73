package dev.strangler.migrator.sync;

import dev.strangler.migrator.Coexistence.SyncOutcome;
import dev.strangler.migrator.Coexistence.SyncStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the sync did so far, by direction, skip reason and entity; read as a {@link SyncStatus}. */
final class SyncCounters {

    static final String LEGACY_TO_MODERN = "legacy_to_modern";
    static final String MODERN_TO_LEGACY = "modern_to_legacy";

    private final Clock clock;
    private final Map<String, AtomicLong> applied = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> conflicts = new ConcurrentHashMap<>();
    private final Map<String, Double> lag = new ConcurrentHashMap<>(Map.of(LEGACY_TO_MODERN, 0.0,
            MODERN_TO_LEGACY, 0.0));
    private final Map<String, Long> retainedWal = new ConcurrentHashMap<>();

    SyncCounters(Clock clock) {
        this.clock = clock;
    }

    void outcome(String direction, SyncOutcome outcome) {
        if (outcome.result().applied()) {
            applied.computeIfAbsent(direction, d -> new AtomicLong()).incrementAndGet();
        } else {
            skip(outcome.result().name().toLowerCase(java.util.Locale.ROOT));
        }
        outcome.conflicts().forEach(conflict ->
                conflicts.computeIfAbsent(conflict.entity(), e -> new AtomicLong()).incrementAndGet());
    }

    void skip(String reason) {
        skipped.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    /** The age of a transaction's changes when they were applied. */
    void applied(String direction, Instant committed) {
        lag.put(direction, Math.max(0, Duration.between(committed, clock.instant()).toMillis()) / 1000.0);
    }

    void retainedWal(String slot, long bytes) {
        retainedWal.put(slot, bytes);
    }

    SyncStatus status(String holder) {
        return new SyncStatus(holder, clock.instant(), new TreeMap<>(lag), counts(applied), counts(skipped),
                counts(conflicts), new TreeMap<>(retainedWal));
    }

    private static Map<String, Long> counts(Map<String, AtomicLong> counters) {
        Map<String, Long> counts = new TreeMap<>();
        counters.forEach((key, value) -> counts.put(key, value.get()));
        return counts;
    }
}
