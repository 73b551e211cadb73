package dev.strangler.migrator;

/**
 * How a backfill ends when its worker found a claim it no longer holds: another worker took the user over after
 * this worker's lease ran out (paused, stalled, cut off from the database). The worker wrote nothing for that user
 * and stopped at once; the users it still had are the new owner's. Running the backfill again resumes safely.
 */
public final class BackfillLeaseLost extends RuntimeException {

    private final transient BackfillProgress progress;

    public BackfillLeaseLost(String workerId, MigrationOutcome.ClaimLost lost, BackfillProgress progress) {
        super("backfill worker " + workerId + " lost its claim on user " + lost.userKey()
                + " (its lease expired and another worker may have taken the user over): stopped without acting"
                + " on its remaining claims after " + progress.done() + " users; run strangler backfill again"
                + " to resume", null, false, false);
        this.progress = progress;
    }

    /** Where the run was when it stopped. */
    public BackfillProgress progress() {
        return progress;
    }
}
