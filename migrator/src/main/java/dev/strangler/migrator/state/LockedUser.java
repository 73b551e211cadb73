package dev.strangler.migrator.state;

import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;

/**
 * A user's state read while holding that user's migration lock, so it cannot change until the transaction ends.
 *
 * @param state    the state; {@link UserState#PENDING} for a user never recorded
 * @param attempts the number of ledger entries so far
 * @param pin      the operator's pin, or null
 * @param cleanedPending true while legacy's cleaned mark of the last migration is owed
 */
public record LockedUser(UserState state, int attempts, Upstream pin, boolean cleanedPending) {

    /** True when an operator pinned the user to legacy: no trigger migrates them while the pin holds. */
    public boolean pinnedToLegacy() {
        return pin == Upstream.LEGACY;
    }

    /** The number the next ledger entry of this user carries. */
    public int nextAttempt() {
        return attempts + 1;
    }
}
