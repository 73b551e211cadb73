package dev.strangler.migrator;

import java.util.Locale;

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
