package dev.strangler.migrator;

import dev.strangler.rules.UserState;
import java.util.List;

/**
 * How one attempt to migrate one user ended. Each outcome maps to one user state and one ledger outcome, here
 * and nowhere else.
 */
public sealed interface MigrationOutcome {

    /** The user's key. */
    String userKey();

    /** The user's state after this outcome. */
    UserState state();

    /** The ledger's outcome: {@code MIGRATED}, {@code SKIPPED}, {@code INVALID}, {@code FAILED}, {@code TIMEOUT}. */
    String ledgerOutcome();

    /** One line for logs, the command line and the admin API: what happened and, for a failure, why. */
    String detail();

    /** True when the user is now served by the modern system. */
    default boolean servedByModern() {
        return state() == UserState.MIGRATED;
    }

    /** This attempt moved the user's data and committed. */
    record Migrated(String userKey, long ledgerId) implements MigrationOutcome {
        public UserState state() { return UserState.MIGRATED; }
        public String ledgerOutcome() { return "MIGRATED"; }
        public String detail() { return "migrated (ledger entry " + ledgerId + ")"; }
    }

    /** The user had already been migrated; nothing was done. */
    record AlreadyMigrated(String userKey) implements MigrationOutcome {
        public UserState state() { return UserState.MIGRATED; }
        public String ledgerOutcome() { return "SKIPPED"; }
        public String detail() { return "already migrated"; }
    }

    /** The user's legacy data failed validation; nothing was written to the modern database. */
    record Invalid(String userKey, List<Violation> violations) implements MigrationOutcome {
        public Invalid {
            violations = List.copyOf(violations);
        }
        public UserState state() { return UserState.INVALID; }
        public String ledgerOutcome() { return "INVALID"; }
        public String detail() {
            if (violations.isEmpty()) {
                return "invalid";
            }
            Violation first = violations.get(0);
            return violations.size() + " violation(s), first: " + first.entity() + " " + first.row() + ": "
                    + first.message();
        }
    }

    /** An error stopped the attempt; its transaction was rolled back. */
    record Failed(String userKey, String cause) implements MigrationOutcome {
        public UserState state() { return UserState.FAILED; }
        public String ledgerOutcome() { return "FAILED"; }
        public String detail() { return cause; }
    }

    /**
     * Nothing was attempted: the user was rolled back by an operator, and only a forced run migrates them again.
     * The state is unchanged.
     */
    record NotAttempted(String userKey, UserState state, String reason) implements MigrationOutcome {
        public String ledgerOutcome() { return "SKIPPED"; }
        public String detail() { return reason; }
    }

    /**
     * Nothing was written: the attempt was made for a backfill worker's claim that the worker no longer holds
     * (another worker took the user over, or the lease expired while the worker was paused). The worker stops.
     */
    record ClaimLost(String userKey, UserState state, String owner) implements MigrationOutcome {
        public String ledgerOutcome() { return "SKIPPED"; }
        public String detail() {
            return "worker " + owner + " lost its claim on " + userKey
                    + " (taken over by another worker, or its lease expired); nothing written";
        }
    }

    /** The attempt did not finish within {@code migration.timeout}; its transaction was rolled back. */
    record TimedOut(String userKey, java.time.Duration after) implements MigrationOutcome {
        public UserState state() { return UserState.FAILED; }
        public String ledgerOutcome() { return "TIMEOUT"; }
        public String detail() { return "timed out after " + after.toMillis() + " ms"; }
    }
}
