package dev.strangler.migrator;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Keeping legacy and modern in step while both live (SPEC §11, issue 17): change data capture with Debezium, the
 * catch-up of legacy changes into modern, the sync-back of modern changes to legacy, and cohort stages.
 */
public interface Coexistence {

    /**
     * Re-reads a migrated user's legacy data and re-applies what changed through the migration's own validate,
     * transform and upsert steps, under the user's lock; fields modern changed too are kept (modern owns a migrated
     * user) and recorded as conflicts. Ledger {@code CATCH_UP}.
     */
    Future<SyncOutcome> catchUp(String userKey);

    /**
     * Catches the user up, then writes their modern data back to legacy through the plan's {@code rollback} steps
     * (without {@code uncleaned}), marked as Strangler's own so the change is not captured back. Ledger
     * {@code SYNC_BACK}.
     */
    Future<SyncOutcome> syncBack(String userKey);

    /** Cohort stages, shared by every instance. */
    CohortStages stages();

    /** Starts {@code strangler sync}: waits for the lease, then captures and applies until closed. */
    ChangeSync start(SyncSettings settings);

    /** The last figures a sync process of that name wrote, if any. */
    Future<Optional<SyncStatus>> lastStatus(String name);

    /**
     * Drops the replication slots (and publications) of the sync of that name on both databases, so an abandoned
     * slot stops retaining WAL on the legacy server; completes with the slots dropped. Refused while a sync holds
     * the lease.
     */
    Future<java.util.List<String>> dropSlots(String name);
}
