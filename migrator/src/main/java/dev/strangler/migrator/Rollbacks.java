package dev.strangler.migrator;

import io.vertx.core.Future;
import java.util.List;

/**
 * Rolls users back to legacy (SPEC §5 {@code rollback}): the plan's rollback steps and {@code uncleaned} in one
 * legacy transaction, then state {@code ROLLED_BACK} and a ledger entry with both snapshots. A rollback runs under
 * the same single flight and per-user lock as a migration, so {@link MigrationEngine#inFlight} holds the user's
 * requests meanwhile; the user is not migrated again until {@code migrate(key, trigger, true)} (the operator's
 * {@code --force}).
 */
public interface Rollbacks {

    /** Rolls one user back; never fails: every error is an outcome. */
    Future<RollbackOutcome> rollback(String userKey, Trigger trigger);

    /** Rolls these users back, {@code concurrency} at a time; the outcomes in the list's order. */
    Future<List<RollbackOutcome>> rollback(List<String> userKeys, Trigger trigger, int concurrency);
}
