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

    /** Migrates the user now; with {@code force}, also a user already migrated or rolled back (upserts again). */
    Future<MigrationOutcome> migrate(String userKey, Trigger trigger, boolean force);

    /** Reads, validates and transforms the user's data; writes nothing anywhere. */
    Future<DryRun> dryRun(String userKey);

    /** Whether a user with these facts may be attempted now, given {@code migration.retryAfter} and the clock. */
    boolean retryDue(UserFacts facts);
}
