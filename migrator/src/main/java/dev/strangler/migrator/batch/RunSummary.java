package dev.strangler.migrator.batch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run over many users did: how many ended in each outcome, and a few of those that did not migrate with
 * why, for the operator to look at first.
 *
 * @param users      users in the run
 * @param byOutcome  ledger outcome ({@code MIGRATED}, {@code SKIPPED}, {@code INVALID}, ...; for a dry run
 *                   {@code WOULD_MIGRATE}) to number of users, most frequent first
 * @param notMigrated up to {@link #EXAMPLES} lines {@code KEY: reason}
 */
public record RunSummary(long users, Map<String, Long> byOutcome, List<String> notMigrated) {

    /** How many users that did not migrate are listed. */
    public static final int EXAMPLES = 20;

    public RunSummary {
        byOutcome = Collections.unmodifiableMap(new LinkedHashMap<>(byOutcome));
        notMigrated = List.copyOf(notMigrated);
    }

    /** Users with this outcome. */
    public long count(String outcome) {
        return byOutcome.getOrDefault(outcome, 0L);
    }

    /** True when no user ended in {@code FAILED} or {@code TIMEOUT}: what is left is data to fix, not errors. */
    public boolean withoutErrors() {
        return count("FAILED") == 0 && count("TIMEOUT") == 0;
    }
}
