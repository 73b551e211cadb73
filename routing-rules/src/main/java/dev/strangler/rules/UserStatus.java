package dev.strangler.rules;

import java.util.Objects;

/**
 * What the migrator knows about one user, as routing needs it (SPEC §3.4).
 *
 * @param state     the user's migration state
 * @param pin       an operator's pin, or null for none
 * @param retryDue  true when the user's last attempt failed ({@code INVALID}/{@code FAILED}) and
 *                  {@code migration.retryAfter} has passed, so a request in the modern share may try again
 */
public record UserStatus(UserState state, Upstream pin, boolean retryDue) {

    /** A user never seen: {@code PENDING}, no pin. */
    public static final UserStatus NEW = new UserStatus(UserState.PENDING, null, false);

    public UserStatus {
        Objects.requireNonNull(state, "state");
    }

    /** A user in {@code state} without a pin and without a due retry. */
    public static UserStatus of(UserState state) {
        return new UserStatus(state, null, false);
    }
}
