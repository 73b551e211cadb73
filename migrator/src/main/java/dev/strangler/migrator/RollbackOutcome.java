package dev.strangler.migrator;

import dev.strangler.rules.UserState;

/**
 * How one user's rollback ended (SPEC §5 {@code rollback}). Only a {@code MIGRATED} user is rolled back; the state
 * is read under the user's lock, so a rollback never races a migration of the same user.
 */
public sealed interface RollbackOutcome {

    /** The user's key. */
    String userKey();

    /** One line for logs, the command line and the admin API. */
    String detail();

    /** The modern data was written back into legacy, the cleaned mark cleared, the state set to ROLLED_BACK. */
    record RolledBack(String userKey, long ledgerId, int rowsWritten) implements RollbackOutcome {
        public String detail() {
            return "rolled back: " + rowsWritten + " rows written to legacy (ledger entry " + ledgerId + ")";
        }
    }

    /** Nothing was done: the user is not migrated (the state says where they are served). */
    record NotRolledBack(String userKey, UserState state, String reason) implements RollbackOutcome {
        public String detail() {
            return reason;
        }
    }

    /** An error stopped the rollback; both databases' transactions were rolled back and the user stays migrated. */
    record Failed(String userKey, String cause) implements RollbackOutcome {
        public String detail() {
            return cause;
        }
    }
}
