package dev.strangler.migrator;

import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import java.time.Duration;
import java.time.Instant;

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
