package dev.strangler.migrator;

import java.util.List;

/**
 * What applying one captured change of one user did (issue 17).
 *
 * @param userKey   the user
 * @param result    what happened
 * @param rows      rows written to the other side
 * @param conflicts fields both sides changed since the last sync, each won by the side that owns the user
 * @param ledgerId  the ledger entry ({@code CATCH_UP} or {@code SYNC_BACK}), or null when nothing was written
 */
public record SyncOutcome(String userKey, Result result, int rows, List<Conflict> conflicts, Long ledgerId) {

    public SyncOutcome {
        conflicts = List.copyOf(conflicts);
    }

    /** Nothing written, for a reason. */
    public static SyncOutcome skipped(String userKey, Result result) {
        return new SyncOutcome(userKey, result, 0, List.of(), null);
    }

    /** The kinds of result; {@link #applied()} says which wrote something. */
    public enum Result {
        /** Rows were written to the other side and a ledger entry recorded. */
        APPLIED,
        /** The other side already held the change (a repeated delivery, or Strangler's own write). */
        UNCHANGED,
        /** The user is not migrated: their data lives on legacy alone, nothing to keep in step. */
        NOT_MIGRATED,
        /** Legacy's data of the user no longer passes the plan's rules: nothing applied, logged. */
        INVALID,
        /** The user's cohort stage does not sync in this direction. */
        STAGE_OFF;

        public boolean applied() {
            return this == APPLIED;
        }
    }

    /**
     * A field both sides changed since the last sync.
     *
     * @param entity the entity
     * @param row    the row's key
     * @param field  the modern column
     * @param kept   the owner's value, which stays (JSON text)
     * @param lost   the other side's value, overwritten (JSON text)
     * @param base   the value both had at the last sync (JSON text)
     */
    public record Conflict(String entity, String row, String field, String kept, String lost, String base) {
    }
}
