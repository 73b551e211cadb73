package dev.strangler.migrator.backfill;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.state.Claim;
import io.vertx.core.Future;

/**
 * The engine as a backfill worker uses it: each attempt is made for the worker's claim on the user, which fences
 * the attempt's writes (written only while the claim still holds; otherwise the outcome is {@code ClaimLost}).
 */
public interface ClaimedMigrations {

    /** Migrates the claimed user with trigger {@code BACKFILL}; never fails: every error is an outcome. */
    Future<MigrationEngine.Outcome> migrateClaimed(Claim claim);
}
