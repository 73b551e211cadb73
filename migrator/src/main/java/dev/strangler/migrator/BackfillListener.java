package dev.strangler.migrator;

import dev.strangler.migrator.MigrationOutcome;
import java.time.Duration;

/**
 * What a backfill reports as it goes, for a progress line and for metrics: the proxy binds these to Micrometer
 * counters and gauges, the command line prints the progress. Every method has an empty default; they are called on
 * event-loop threads and must not block.
 */
public interface BackfillListener {

    /** Nothing listens. */
    BackfillListener NONE = new BackfillListener() {
    };

    /** One user's attempt ended, after {@code took}. */
    default void attempted(MigrationOutcome outcome, Duration took) {
    }

    /** Where the run is, after each attempt (a listener that prints should throttle itself). */
    default void progress(BackfillProgress progress) {
    }

    /** The brake changed the rate limit to {@code usersPerSecond}, for the reason given. */
    default void braked(double usersPerSecond, String reason) {
    }
}
