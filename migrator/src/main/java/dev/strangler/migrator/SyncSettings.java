package dev.strangler.migrator;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@code strangler sync} runs (issue 17).
 *
 * @param name       names the replication slots ({@code NAME_legacy}, {@code NAME_modern}), their publications, the
 *                   offsets and the lease; processes with the same name stand by for each other
 * @param instanceId this process, as the lease and the ledger show it
 * @param leaseTtl   how long the lease lasts without renewal; a standby takes over after it
 * @param cohortOf   a user's cohort name (the first routing cohort that selects them), or null for none
 * @param clock      the clock for lag and the lease
 */
public record SyncSettings(String name, String instanceId, Duration leaseTtl, Function<String, String> cohortOf,
                           Clock clock) {

    public SyncSettings {
        Objects.requireNonNull(cohortOf, "cohortOf");
        if (!name.matches("[a-z_][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("sync name: " + name + " (expected: lower-case letters, digits and _,"
                    + " at most 41, as a replication slot's name allows)");
        }
        if (leaseTtl.isNegative() || leaseTtl.isZero()) {
            throw new IllegalArgumentException("lease: " + leaseTtl + " (expected: more than 0)");
        }
    }

    /** The replication slot on one side: {@code strangler_legacy}. */
    public String slot(String side) {
        return name + "_" + side;
    }
}
