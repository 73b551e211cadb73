package dev.strangler.migrator;

import dev.strangler.migrator.state.Snapshots;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Migrates users from the legacy database to the modern one, at most once at a time per user across threads and
 * instances (SPEC §4.2).
 */
public interface MigrationEngine {

    /**
     * Makes sure the user's data is in the modern database. Concurrent calls for one user share one attempt; a user
     * already migrated completes at once with {@link Outcome.AlreadyMigrated}. Never fails: every error is
     * an outcome.
     */
    Future<Outcome> ensureMigrated(String userKey, Trigger trigger);

    /**
     * The attempt in flight on this instance for this user, if any, so the proxy can hold every request of that user
     * (legacy-bound ones too) until it ends.
     */
    Optional<Future<Outcome>> inFlight(String userKey);

    /** Migrates the user now; with {@code force}, also a user already migrated or rolled back (upserts again). */
    Future<Outcome> migrate(String userKey, Trigger trigger, boolean force);

    /** Reads, validates and transforms the user's data; writes nothing anywhere. */
    Future<DryRun> dryRun(String userKey);

    /** Whether a user with these facts may be attempted now, given {@code migration.retryAfter} and the clock. */
    boolean retryDue(UserStateStore.UserFacts facts);

    /**
     * How one attempt to migrate one user ended. Each outcome maps to one user state and one ledger outcome, here
     * and nowhere else.
     */
    public sealed interface Outcome {

        /** The user's key. */
        String userKey();

        /** The user's state after this outcome; null when it is not known ({@link Unknown}). */
        UserState state();

        /**
         * The ledger's outcome: {@code MIGRATED}, {@code SKIPPED}, {@code INVALID}, {@code FAILED}, {@code TIMEOUT}
         * ({@code UNKNOWN} is never written: nothing was recorded).
         */
        String ledgerOutcome();

        /** One line for logs, the command line and the admin API: what happened and, for a failure, why. */
        String detail();

        /** True when the user is now served by the modern system. */
        default boolean servedByModern() {
            return state() == UserState.MIGRATED;
        }

        /** This attempt moved the user's data and committed. */
        record Migrated(String userKey, long ledgerId) implements Outcome {
            public UserState state() { return UserState.MIGRATED; }
            public String ledgerOutcome() { return "MIGRATED"; }
            public String detail() { return "migrated (ledger entry " + ledgerId + ")"; }
        }

        /** The user had already been migrated; nothing was done. */
        record AlreadyMigrated(String userKey) implements Outcome {
            public UserState state() { return UserState.MIGRATED; }
            public String ledgerOutcome() { return "SKIPPED"; }
            public String detail() { return "already migrated"; }
        }

        /** The user's legacy data failed validation; nothing was written to the modern database. */
        record Invalid(String userKey, List<Violation> violations) implements Outcome {
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
        record Failed(String userKey, String cause) implements Outcome {
            public UserState state() { return UserState.FAILED; }
            public String ledgerOutcome() { return "FAILED"; }
            public String detail() { return cause; }
        }

        /**
         * Nothing was attempted: the user was rolled back by an operator, and only a forced run migrates them again.
         * The state is unchanged.
         */
        record NotAttempted(String userKey, UserState state, String reason) implements Outcome {
            public String ledgerOutcome() { return "SKIPPED"; }
            public String detail() { return reason; }
        }

        /**
         * Nothing was written: the attempt was made for a backfill worker's claim that the worker no longer holds
         * (another worker took the user over, or the lease expired while the worker was paused). The worker stops.
         */
        record ClaimLost(String userKey, UserState state, String owner) implements Outcome {
            public String ledgerOutcome() { return "SKIPPED"; }
            public String detail() {
                return "worker " + owner + " lost its claim on " + userKey
                        + " (taken over by another worker, or its lease expired); nothing written";
            }
        }

        /** The attempt did not finish within {@code migration.timeout}; its transaction was rolled back. */
        record TimedOut(String userKey, java.time.Duration after) implements Outcome {
            public UserState state() { return UserState.FAILED; }
            public String ledgerOutcome() { return "TIMEOUT"; }
            public String detail() { return "timed out after " + after.toMillis() + " ms"; }
        }

        /**
         * Whether the user was migrated is not known, and nothing was recorded: the user's state could not be read, the
         * attempt's hard stop fired while its COMMIT was in flight, or its failure could not be written. The user may
         * be on either side: the request path answers them as an unknown state (503 unless certainly not migrated)
         * and remembers nothing of it.
         */
        record Unknown(String userKey, String cause) implements Outcome {
            public UserState state() { return null; }
            public String ledgerOutcome() { return "UNKNOWN"; }
            public String detail() { return "outcome unknown, nothing recorded: " + cause; }
        }
    }

    /** What started a migration attempt, as recorded in the ledger (SPEC §4.3). */
    public enum Trigger {
        /** A user's request reached a rollout path and was in the modern share. */
        REQUEST,
        /** A backfill worker claimed the user. */
        BACKFILL,
        /** {@code strangler migrate}. */
        CLI,
        /** The admin API. */
        ADMIN,
        /** {@code strangler sync}: a change captured on one side re-applied to the other (catch-up, sync-back). */
        SYNC;

        /** The ledger's spelling: {@code request}, {@code backfill}, {@code cli}, {@code admin}, {@code sync}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What migrating one user would do, computed without writing anything: the legacy rows read, every violation, and
     * (when there is none) the modern rows that would be written. {@code strangler migrate --dry-run} prints it, the
     * audit counts it, and a real attempt starts from it.
     *
     * @param userKey    the user
     * @param source     entity name to the legacy rows read, in plan order
     * @param target     entity name to the transformed rows; empty when there are violations
     * @param violations every rule broken by any row of any entity
     */
    public record DryRun(String userKey, Map<String, List<Map<String, Object>>> source,
                         Map<String, List<Map<String, Object>>> target, List<Violation> violations) {

        public DryRun {
            source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
            target = Collections.unmodifiableMap(new LinkedHashMap<>(target));
            violations = List.copyOf(violations);
        }

        /** True when the user's data passes every rule and would be migrated now. */
        public boolean wouldMigrate() {
            return violations.isEmpty();
        }

        /**
         * What {@code strangler migrate --dry-run} prints: the user, the verdict, both sides' rows and the violations.
         */
        public JsonObject toJson() {
            return new JsonObject().put("user", userKey).put("wouldMigrate", wouldMigrate())
                    .put("source", Snapshots.of(source)).put("target", Snapshots.of(target))
                    .put("violations", Snapshots.errors(violations));
        }
    }

    /**
     * One row of one entity that broke one validation rule.
     *
     * @param entity  the plan entity ({@code customer})
     * @param row     the row's key, as named by the entity's {@code key} column
     * @param field   the field the rule is about, or null
     * @param rule    the rule's expression as written in the plan
     * @param message the rule's message
     */
    public record Violation(String entity, String row, String field, String rule, String message) {
    }
}
