package dev.strangler.migrator;

import io.vertx.core.Future;
import java.time.Clock;

/**
 * Backfill (SPEC §4.5): migrates every user who has not come back on their own, through the same engine and per-user
 * lock as lazy migration, safely from several machines at once. Stopping and starting again resumes: the state is
 * the work list.
 *
 * <pre>{@code
 * Backfills.Running running = migrator.backfills().start(BackfillSettings.defaults().withRate(500), listener, clock);
 * running.progress();   // any time
 * running.stop();       // finishes the users in flight, releases the rest; completes with the summary
 * running.done();       // completes when the work list is empty (or stopped)
 * }</pre>
 */
public interface Backfills {

    /** Seeds the state rows and starts one worker; the handle answers at once. */
    Running start(BackfillSettings settings, BackfillListener listener, Clock clock);

    /** One backfill worker, running. */
    interface Running {

        /**
         * Completes with the summary when the work list is empty or the run was stopped; fails if the state
         * database could not be read or written.
         */
        Future<BackfillSummary> done();

        /** Lets the attempts in flight finish, releases this worker's other claims, and completes like done. */
        Future<BackfillSummary> stop();

        /** Where the run is now. */
        BackfillProgress progress();
    }
}
