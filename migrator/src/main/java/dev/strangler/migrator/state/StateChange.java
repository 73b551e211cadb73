package dev.strangler.migrator.state;

import dev.strangler.rules.UserState;
import java.time.Instant;
import java.util.Objects;

/**
 * The new state of a user after an attempt, written with its ledger entry.
 *
 * @param userKey  the user
 * @param state    the state now
 * @param attempt  the attempt number of the ledger entry just appended
 * @param at       when the attempt finished
 * @param error    a one-line summary of why it failed, or null
 * @param ledgerId the ledger entry just appended
 * @param migrated true when this attempt moved the data, so legacy's cleaned mark is now owed
 */
public record StateChange(String userKey, UserState state, int attempt, Instant at, String error, long ledgerId,
                          boolean migrated) {

    public StateChange {
        Objects.requireNonNull(userKey, "userKey");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
    }
}
