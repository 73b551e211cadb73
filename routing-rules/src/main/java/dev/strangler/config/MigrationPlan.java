package dev.strangler.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code migration:} section of the configuration: where the data is, how one user's data moves, and how it
 * moves back (SPEC §4.1).
 *
 * @param legacy     the legacy database, read by fetches and marked by {@code cleaned}
 * @param modern     the modern database, written by upserts; the user states and the ledger live there too
 * @param timeout    how long one user's migration may take before it is abandoned and rolled back
 * @param retryAfter how long a user whose attempt failed waits before the next request-triggered attempt
 * @param users      SQL on the legacy database listing every user key, for backfill, audit and verify
 * @param entities   the entities of one user, migrated in this order in one transaction
 * @param cleaned    SQL on the legacy database that marks a user as migrated there; {@code $1} is the user key
 * @param rollback   the steps that copy a user's modern data back into legacy
 * @param uncleaned  SQL on the legacy database that clears the cleaned mark; {@code $1} is the user key
 * @param version    a hash of the plan as written, recorded in every ledger entry
 */
public record MigrationPlan(DatabaseUrl legacy, DatabaseUrl modern, Duration timeout, Duration retryAfter,
                            String users, List<EntityPlan> entities, String cleaned, List<RollbackStep> rollback,
                            String uncleaned, String version) {

    public MigrationPlan {
        Objects.requireNonNull(legacy, "legacy");
        Objects.requireNonNull(modern, "modern");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(version, "version");
        entities = List.copyOf(entities);
        rollback = List.copyOf(rollback == null ? List.of() : rollback);
    }
}
