package dev.strangler.migrator.bulk;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.legacy.LegacyDialect;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The legacy half of a batch of cleaned marks (README "No write is lost"), on the mark's legacy transaction: the
 * marks of every user of the batch, whose UPDATE locks their root rows until the transaction ends, then every
 * entity of those users read after it with the batch load path's reader ({@link BatchRead}: one {@code = ANY}
 * statement per distinct fetch). A legacy write that could still land is then either in what was read or waits for
 * the mark's commit. On a PostgreSQL legacy the marks are one statement ({@link BatchMark}); on MySQL and MariaDB,
 * or a mark of another shape, the plan's statement runs once per key in one batch.
 */
public final class MarkedRead {

    private final String cleaned;
    private final PlanSteps steps;
    private final BatchRead read;

    public MarkedRead(MigrationPlan plan, PlanSteps steps) {
        this.cleaned = plan.cleaned();
        this.steps = steps;
        this.read = new BatchRead(plan.entities(), steps);
    }

    /**
     * Marks the users in legacy on {@code legacy}, in its transaction, then reads their entities there: user key to
     * entity name to rows, for every key, as {@code PlanSteps.check} takes them.
     */
    public Future<Map<String, Map<String, List<Map<String, Object>>>>> markAndRead(SqlConnection legacy,
                                                                                 List<String> keys) {
        return mark(legacy, keys).compose(marked -> read.readOn(legacy, keys));
    }

    private Future<Void> mark(SqlConnection connection, List<String> keys) {
        if (LegacyDialect.of(connection) == LegacyDialect.MYSQL) {
            return markEach(connection, keys);
        }
        return steps.legacyTypes(cleaned, connection).compose(types -> {
            String derived = BatchMark.derive(cleaned, types.isEmpty() ? null : types.get(0));
            return derived == null ? markEach(connection, keys)
                    : connection.preparedQuery(derived).execute(Tuple.of(keys.toArray(String[]::new))).mapEmpty();
        });
    }

    private Future<Void> markEach(SqlConnection connection, List<String> keys) {
        List<Future<Tuple>> bound = new ArrayList<>(keys.size());
        keys.forEach(key -> bound.add(steps.legacyKey(cleaned, connection, key)));
        return Future.all(bound).compose(all -> connection.preparedQuery(cleaned)
                .executeBatch(bound.stream().map(Future::result).toList())).mapEmpty();
    }
}
