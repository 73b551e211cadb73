package dev.strangler.migrator;

import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Reads and writes users' states and pins in the state database (schema {@code strangler} on modern). */
public interface UserStateStore {

    /** One indexed read; a user never seen is {@link UserFacts#pending}. */
    Future<UserFacts> find(String userKey);

    /**
     * Sets or clears (with null) an operator's pin for the user, which overrides the routing decision; a user the
     * state database has not seen is recorded as {@code PENDING}. Pinning a {@code MIGRATED} user to legacy is
     * refused (their data is in modern): the change says so and points at rollback. A pin set is audited with
     * {@code actor} and {@code reason} (null when none was given) in the same transaction.
     */
    Future<PinChange> pin(String userKey, Upstream pin, Instant at, String actor, String reason);

    /** Users in any of the given states, by key: the differential migration's work list. */
    Future<List<String>> keysIn(Set<UserState> states);

    /**
     * Every user in none of the given states, each to {@code each} as it is read (a cursor, so a million users never
     * sit in memory as rows at once); completes when all were given.
     */
    Future<Void> eachKeyNotIn(Set<UserState> states, Consumer<String> each);

    /** Users by state, every state present (0 when none), from one count of the state table. */
    Future<Map<UserState, Long>> countByState();

    /** The cleaned marks legacy still owes (SPEC §4.2 step 5), from one count of the state table. */
    Future<CleanedBacklog> cleanedBacklog();

    /**
     * Migrated users whose cleaned mark in legacy is still owed.
     *
     * @param users         how many
     * @param oldestSeconds the time since the oldest of those users' migration committed; 0 when there is none
     */
    record CleanedBacklog(long users, double oldestSeconds) {
    }

    /**
     * What the state database knows about one user, as the routing decision needs it.
     *
     * @param userKey       the user's key
     * @param state         the migration state; {@link UserState#PENDING} for a user never attempted
     * @param pin           an operator's pin, or null
     * @param lastAttemptAt  when the last attempt finished, or null; with {@code migration.retryAfter} it decides
     *                       whether a failed user may be retried now
     * @param cleanedPending true while legacy's cleaned mark of the user's last migration is owed
     */
    public record UserFacts(String userKey, UserState state, Upstream pin, Instant lastAttemptAt,
                            boolean cleanedPending) {

        /** Facts of a user whose cleaned mark is not owed. */
        public UserFacts(String userKey, UserState state, Upstream pin, Instant lastAttemptAt) {
            this(userKey, state, pin, lastAttemptAt, false);
        }

        /** A user the state database has never heard of. */
        public static UserFacts pending(String userKey) {
            return new UserFacts(userKey, UserState.PENDING, null, null);
        }

        /**
         * Whether the user is in transition: migrated, and legacy's cleaned mark (with the catch-up of legacy writes
         * made since the migration read legacy) not written yet. Neither side may serve them until it is: a write
         * modern acknowledged now could be overwritten by the catch-up, and legacy's data is no longer theirs.
         */
        public boolean inTransition() {
            return state == UserState.MIGRATED && cleanedPending;
        }

        /**
         * Whether an attempt may start now: always for a user never attempted, never for a migrated or rolled-back one,
         * and for a failed or invalid one only once {@code retryAfter} has passed since the last attempt.
         */
        public boolean retryDue(Duration retryAfter, Instant now) {
            if (state == UserState.PENDING) {
                return true;
            }
            if (!state.isRetryable()) {
                return false;
            }
            return lastAttemptAt == null || !now.isBefore(lastAttemptAt.plus(retryAfter));
        }
    }

    /**
     * What became of an operator's pin: set (or cleared), or refused with the reason. A user whose data is in modern
     * cannot be pinned to legacy, where their data is stale; they are rolled back instead.
     *
     * @param userKey the user
     * @param pin     the pin asked for; null to clear it
     * @param refusal why it was not set, or null when it was
     */
    public record PinChange(String userKey, Upstream pin, String refusal) {

        /** True when the pin is now what was asked for. */
        public boolean applied() {
            return refusal == null;
        }
    }
}
