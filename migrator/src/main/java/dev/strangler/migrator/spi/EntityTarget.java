package dev.strangler.migrator.spi;

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
}
