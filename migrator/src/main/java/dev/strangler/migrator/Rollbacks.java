package dev.strangler.migrator;

import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import java.util.List;

/**
 * Rolls users back to legacy (SPEC §5 {@code rollback}): the plan's rollback steps and {@code uncleaned} in one
 * legacy transaction, then state {@code ROLLED_BACK} and a ledger entry with both snapshots. A rollback runs under
 * the same single flight and per-user lock as a migration, so {@link MigrationEngine#inFlight} holds the user's
 * requests meanwhile; the user is not migrated again until {@code migrate(key, trigger, true)} (the operator's
 * {@code --force}).
 */
public interface Rollbacks {

    /** Rolls one user back; never fails: every error is an outcome. */
    Future<Outcome> rollback(String userKey, MigrationEngine.Trigger trigger);

    /** Rolls these users back, {@code concurrency} at a time; the outcomes in the list's order. */
    Future<List<Outcome>> rollback(List<String> userKeys, MigrationEngine.Trigger trigger, int concurrency);

    /**
     * How one user's rollback ended (SPEC §5 {@code rollback}). Only a {@code MIGRATED} user is rolled back; the state
     * is read under the user's lock, so a rollback never races a migration of the same user.
     */
    public sealed interface Outcome {

        /** The user's key. */
        String userKey();

        /** One line for logs, the command line and the admin API. */
        String detail();

        /** The modern data was written back into legacy, the cleaned mark cleared, the state set to ROLLED_BACK. */
        record RolledBack(String userKey, long ledgerId, int rowsWritten) implements Outcome {
            public String detail() {
                return "rolled back: " + rowsWritten + " rows written to legacy (ledger entry " + ledgerId + ")";
            }
        }

        /** Nothing was done: the user is not migrated (the state says where they are served). */
        record NotRolledBack(String userKey, UserState state, String reason) implements Outcome {
            public String detail() {
                return reason;
            }
        }

        /** An error stopped the rollback; both databases' transactions were rolled back and the user stays migrated. */
        record Failed(String userKey, String cause) implements Outcome {
            public String detail() {
                return cause;
            }
        }
    }
}
