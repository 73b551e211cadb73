package dev.strangler.migrator.bulk;

import dev.strangler.migrator.MigrationEngine.DryRun;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What the set-based load path needs of the engine: the plan's steps exactly as the per-user path runs them, so that
 * every user of a batch gets the outcome an attempt would give. The engine implements it; this package never
 * depends on the engine.
 */
public interface PlanSteps {

    /**
     * True when every entity is read by its plan {@code fetch} and written by its plan {@code upsert}: an extension
     * that replaced a source or a target does its own I/O, which a set-based path cannot batch.
     */
    boolean plainStatements();

    /** Validates and transforms one user's rows (entity name to legacy rows, in plan order), as an attempt does. */
    DryRun check(String userKey, Map<String, List<Map<String, Object>>> source);

    /** The parameter types of a statement on legacy, {@code $1} first; asked on {@code holding} (may be null). */
    Future<List<String>> legacyTypes(String sql, SqlConnection holding);

    /**
     * The user key bound as the only parameter of a statement on legacy whose parameter is the key, coerced as the
     * per-user path coerces it; asked on {@code holding} (may be null).
     */
    Future<Tuple> legacyKey(String sql, SqlConnection holding, String userKey);

    /** The parameter types of a statement on modern, {@code $1} first; asked on {@code holding} (may be null). */
    Future<List<String>> modernTypes(String sql, SqlConnection holding);

    /** The value as the per-user path binds it to a parameter of that SQL type. */
    Object coerce(String sqlType, Object value);

    /** Columns {@code from} onwards of a fetched row, as validators and transformers see a row. */
    Map<String, Object> values(Row row, int from);

    /** The clock of ledger and state times. */
    Clock clock();

    /** This instance's name in ledger entries. */
    String instanceId();
}
