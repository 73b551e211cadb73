package dev.strangler.rules;

/**
 * Where one user stands in the migration (SPEC §4.3). The migrator writes it; the routing decision reads it.
 */
public enum UserState {
    /** Never attempted. */
    PENDING,
    /** Data moved to the modern system; the user is served by modern for good. */
    MIGRATED,
    /** The user's legacy data failed validation; served by legacy until a retry succeeds. */
    INVALID,
    /** An error or a timeout; served by legacy until a retry succeeds. */
    FAILED,
    /** Moved back to legacy by an operator; not migrated again until the state is cleared. */
    ROLLED_BACK,
    /**
     * A rollback is under way: neither side may serve the user until it ends (the proxy answers 503 with
     * {@code Retry-After}); it ends as {@code ROLLED_BACK}, or back as {@code MIGRATED} if it could not finish.
     */
    ROLLING_BACK;

    /** True for the states of a user whose last attempt did not succeed and may be retried. */
    public boolean isRetryable() {
        return this == INVALID || this == FAILED;
    }
}
