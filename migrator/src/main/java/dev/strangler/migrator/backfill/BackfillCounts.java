package dev.strangler.migrator.backfill;

import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Violation;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** One worker's outcomes so far: users attempted, per outcome, and invalid and failed users per broken rule. */
final class BackfillCounts {

    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong migrated = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, Long> byRule = new ConcurrentHashMap<>();

    /** Users attempted so far. */
    long attempted() {
        return attempted.get();
    }

    /** Counts one attempt's outcome (a lost claim is not an attempt: the caller stops instead). */
    void count(MigrationEngine.Outcome outcome) {
        attempted.incrementAndGet();
        if (outcome instanceof MigrationEngine.Outcome.Migrated) {
            migrated.incrementAndGet();
        } else if (outcome instanceof MigrationEngine.Outcome.Invalid bad) {
            invalid.incrementAndGet();
            Set<String> rules = new HashSet<>();
            for (Violation violation : bad.violations()) {
                rules.add(violation.rule() == null ? violation.message() : violation.rule());
            }
            rules.forEach(rule -> byRule.merge(rule, 1L, Long::sum));
        } else if (failure(outcome)) {
            failed.incrementAndGet();
            byRule.merge(outcome instanceof MigrationEngine.Outcome.Failed ? "(error)"
                    : outcome instanceof MigrationEngine.Outcome.TimedOut ? "(timeout)" : "(unknown)", 1L, Long::sum);
        }
    }

    /** Whether the outcome counts as failed (and against the brake's error bound). */
    static boolean failure(MigrationEngine.Outcome outcome) {
        return outcome instanceof MigrationEngine.Outcome.Failed
                || outcome instanceof MigrationEngine.Outcome.TimedOut
                || outcome instanceof MigrationEngine.Outcome.Unknown;
    }

    /** The progress: these counts, out of {@code total} users, {@code elapsed} after the start. */
    Backfills.Progress progress(long total, Duration elapsed, double rateLimit) {
        long done = attempted.get();
        return new Backfills.Progress(done, Math.max(total, done), elapsed, migrated.get(), invalid.get(),
                failed.get(), byRule, rateLimit);
    }
}
