package dev.strangler.migrator;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Migrates users from the legacy database to the modern one, at most once at a time per user across threads and
 * instances (SPEC §4.2).
 */
public interface MigrationEngine {

    /**
     * Makes sure the user's data is in the modern database. Concurrent calls for one user share one attempt; a user
     * already migrated completes at once with {@link MigrationOutcome.AlreadyMigrated}. Never fails: every error is
     * an outcome.
     */
    Future<MigrationOutcome> ensureMigrated(String userKey, Trigger trigger);

    /**
     * The attempt in flight on this instance for this user, if any, so the proxy can hold every request of that user
     * (legacy-bound ones too) until it ends.
     */
    Optional<Future<MigrationOutcome>> inFlight(String userKey);
}
