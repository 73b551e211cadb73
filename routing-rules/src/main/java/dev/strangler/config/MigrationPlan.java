package dev.strangler.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code migration:} section of the configuration: where the data is, how one user's data moves, and how it
 * moves back (SPEC §4.1).
 *
 * <p>In the file: {@code legacy} and {@code modern} are required URLs ({@link DatabaseUrl}): modern a PostgreSQL
 * one ({@code postgresql://user:password@host:5432/db?sslmode=require}, port 5432 by default), legacy PostgreSQL
 * or MySQL/MariaDB ({@code mysql://user:password@host:3306/db}, whose statements may write the key {@code ?});
 * {@code timeout}
 * defaults to 5s and {@code retryAfter} to 10m (both must be more than 0), {@code markDelay} to half of
 * {@code timeout}; {@code users} and at least one
 * entity are required; {@code cleaned}, {@code rollback} and {@code uncleaned} are optional. Every statement
 * that acts on one user ({@code fetch}, {@code cleaned}, {@code uncleaned}, a rollback {@code fetch}) must use
 * {@code $1}, or it would act on every user.
 *
 * @param legacy     the legacy database, read by fetches and marked by {@code cleaned} ({@code legacy:})
 * @param modern     the modern database, written by upserts; the user states and the ledger live there too
 *                   ({@code modern:})
 * @param timeout    how long one user's migration may take before it is abandoned and rolled back
 *                   ({@code timeout:}, default 5s)
 * @param retryAfter how long a user whose attempt failed waits before the next request-triggered attempt
 *                   ({@code retryAfter:}, default 10m)
 * @param users      SQL on the legacy database listing every user key, for backfill, audit and verify
 *                   ({@code users:}, required)
 * @param entities   the entities of one user, migrated in this order in one transaction ({@code entities:})
 * @param cleaned    SQL on the legacy database that marks a user as migrated there; {@code $1} is the user key
 *                   ({@code cleaned:}, optional: null when absent)
 * @param rollback   the steps that copy a user's modern data back into legacy ({@code rollback:}, optional)
 * @param uncleaned  SQL on the legacy database that clears the cleaned mark; {@code $1} is the user key
 *                   ({@code uncleaned:}, optional: null when absent)
 * @param version    the SHA-256 (hex) of the section's canonical form without the database addresses, the
 *                   admission and the {@code ledger} settings, recorded in every ledger entry; formatting, comments
 *                   and key order do not change it
 * @param admission  how many request-triggered migrations one instance starts ({@code admission:}, default
 *                   {@link MigrationAdmission#DEFAULT})
 * @param snapshots  what every migration's ledger entry keeps of the user's data ({@code ledger: {snapshots:
 *                   full | source | hash}}, default {@code full}; see {@link LedgerSnapshots})
 * @param positions  where each value was written, for problems found after loading; not part of the version
 * @param markDelay  how long after its commit the cleaned mark of a migration that no request started (backfill,
 *                   {@code strangler migrate}, the admin API) is due ({@code markDelay:}, default half of
 *                   {@code timeout}; zero or more); not part of the version
 */
public record MigrationPlan(DatabaseUrl legacy, DatabaseUrl modern, Duration timeout, Duration retryAfter,
                            String users, List<EntityPlan> entities, String cleaned, List<RollbackStep> rollback,
                            String uncleaned, String version, MigrationAdmission admission,
                            LedgerSnapshots snapshots, PlanPositions positions, Duration markDelay) {

    /** A plan whose deferred cleaned marks are due after half of {@code timeout}. */
    public MigrationPlan(DatabaseUrl legacy, DatabaseUrl modern, Duration timeout, Duration retryAfter,
                         String users, List<EntityPlan> entities, String cleaned, List<RollbackStep> rollback,
                         String uncleaned, String version, MigrationAdmission admission,
                         LedgerSnapshots snapshots, PlanPositions positions) {
        this(legacy, modern, timeout, retryAfter, users, entities, cleaned, rollback, uncleaned, version, admission,
                snapshots, positions, timeout == null ? null : timeout.dividedBy(2));
    }

    /** A plan built in code, its positions unknown. */
    public MigrationPlan(DatabaseUrl legacy, DatabaseUrl modern, Duration timeout, Duration retryAfter,
                         String users, List<EntityPlan> entities, String cleaned, List<RollbackStep> rollback,
                         String uncleaned, String version, MigrationAdmission admission, LedgerSnapshots snapshots) {
        this(legacy, modern, timeout, retryAfter, users, entities, cleaned, rollback, uncleaned, version, admission,
                snapshots, PlanPositions.none());
    }

    /** A plan with the default admission, whose ledger keeps full snapshots. */
    public MigrationPlan(DatabaseUrl legacy, DatabaseUrl modern, Duration timeout, Duration retryAfter,
                         String users, List<EntityPlan> entities, String cleaned, List<RollbackStep> rollback,
                         String uncleaned, String version) {
        this(legacy, modern, timeout, retryAfter, users, entities, cleaned, rollback, uncleaned, version,
                MigrationAdmission.DEFAULT);
    }

    /** A plan whose ledger keeps full snapshots. */
    public MigrationPlan(DatabaseUrl legacy, DatabaseUrl modern, Duration timeout, Duration retryAfter,
                         String users, List<EntityPlan> entities, String cleaned, List<RollbackStep> rollback,
                         String uncleaned, String version, MigrationAdmission admission) {
        this(legacy, modern, timeout, retryAfter, users, entities, cleaned, rollback, uncleaned, version, admission,
                LedgerSnapshots.FULL);
    }

    /** The same plan with another snapshot mode (the version does not change: it says how data moves). */
    public MigrationPlan withSnapshots(LedgerSnapshots value) {
        return new MigrationPlan(legacy, modern, timeout, retryAfter, users, entities, cleaned, rollback, uncleaned,
                version, admission, value, positions, markDelay);
    }

    public MigrationPlan {
        Objects.requireNonNull(legacy, "legacy");
        Objects.requireNonNull(modern, "modern");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(positions, "positions");
        Objects.requireNonNull(markDelay, "markDelay");
        if (markDelay.isNegative()) {
            throw new IllegalArgumentException("markDelay: " + markDelay + " (expected: zero or more)");
        }
        entities = List.copyOf(entities);
        rollback = List.copyOf(rollback == null ? List.of() : rollback);
    }
}
