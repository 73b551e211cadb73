package dev.strangler.migrator.spi;

import dev.strangler.migrator.MigrationEngine.Violation;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;

/**
 * Writes one entity's transformed rows of one user into the modern database. The plan's target runs the entity's
 * {@code upsert} once per row; a replacement might write into several tables.
 *
 * <p>The connection is inside the attempt's single modern transaction, which also records the user's state and the
 * ledger entry, so a target must not commit, and must be idempotent: a re-run writes the same rows again.
 */
@FunctionalInterface
public interface EntityTarget {

    /** Completes when every row is written. */
    Future<Void> load(SqlConnection modern, List<Map<String, Object>> rows);

    /**
     * The values of the rows this target could not write as they are, one violation per value (a fraction bound to
     * an integer column, say), asked before anything is written so that the user is invalid rather than failed.
     * Writes nothing. By default every row fits.
     */
    default Future<List<Violation>> unfit(SqlConnection modern, List<Map<String, Object>> rows) {
        return Future.succeededFuture(List.of());
    }
}
