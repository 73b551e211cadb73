package dev.strangler.migrator.bulk;

import dev.strangler.migrator.MigrationEngine;
import java.time.Duration;
import java.util.List;

/**
 * How a batch ended.
 *
 * @param outcomes    one per user, in the order given
 * @param legacyRead  how long the batch's legacy read took (the backfill's brake watches it)
 * @param oneByOne    users that went through the per-user path instead: a batch that failed at the database is
 *                    retried user by user, and a user whose lock a request held is left to that request
 */
public record BatchResult(List<MigrationEngine.Outcome> outcomes, Duration legacyRead, int oneByOne) {

    public BatchResult {
        outcomes = List.copyOf(outcomes);
    }
}
