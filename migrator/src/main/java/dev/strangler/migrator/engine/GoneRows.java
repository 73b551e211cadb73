package dev.strangler.migrator.engine;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.NamedStatement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rows a migration wrote (its recorded target) that legacy's data, transformed now, no longer has: deleted in legacy
 * since it was read. The catch-up deletes them from modern before the cleaned mark; verify names them. A row is
 * known by the conflict columns of its entity's upsert ({@link UpsertShape}), each bound from the row's field of
 * the same name; an entity whose upsert has no such plain shape, or whose key columns are not fields of the same
 * name, has no gone rows: they cannot be identified without guessing, and stay in modern.
 */
final class GoneRows {

    private final StatementTypes modernTypes;
    private final SnapshotDrift drift;

    GoneRows(StatementTypes modernTypes, SnapshotDrift drift) {
        this.modernTypes = modernTypes;
        this.drift = drift;
    }

    /** The rows of {@code recorded} (a migration's target rows of the entity) whose key {@code now} lacks. */
    List<JsonObject> of(EntityPlan entity, JsonArray recorded, List<Map<String, Object>> now) {
        Optional<UpsertShape> shape = keyed(entity);
        if (shape.isEmpty() || recorded == null || recorded.isEmpty()) {
            return List.of();
        }
        List<String> key = shape.get().key();
        Set<Object> present = new HashSet<>();
        now.forEach(row -> present.add(keyOf(key, row)));
        List<JsonObject> gone = new ArrayList<>();
        for (Object row : recorded) {
            if (row instanceof JsonObject object && !present.contains(keyOf(key, object.getMap()))) {
                gone.add(object);
            }
        }
        return gone;
    }

    /** The row as verify names rows: {@code customer_order 10702}, {@code order_line 10702/3}. */
    static String name(EntityPlan entity, JsonObject row) {
        UpsertShape shape = UpsertShape.of(entity.upsert()).orElseThrow();
        StringBuilder name = new StringBuilder(shape.table()).append(' ');
        for (int i = 0; i < shape.key().size(); i++) {
            name.append(i == 0 ? "" : "/").append(row.getValue(shape.key().get(i)));
        }
        return name.toString();
    }

    /** Deletes the rows from modern, in the caller's transaction; completes with how many modern had. */
    Future<Integer> delete(SqlConnection modern, EntityPlan entity, List<JsonObject> rows) {
        Optional<UpsertShape> shape = keyed(entity);
        if (rows.isEmpty() || shape.isEmpty()) {
            return Future.succeededFuture(0);
        }
        List<String> key = shape.get().key();
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(shape.get().table()).append(" WHERE ");
        for (int i = 0; i < key.size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append(key.get(i)).append(" = $").append(i + 1);
        }
        return modernTypes.of(sql.toString(), modern).compose(types -> {
            List<Tuple> batch = new ArrayList<>(rows.size());
            for (JsonObject row : rows) {
                Tuple values = Tuple.tuple();
                for (int i = 0; i < key.size(); i++) {
                    values.addValue(ParameterCoercion.coerce(i < types.size() ? types.get(i) : null,
                            row.getValue(key.get(i))));
                }
                batch.add(values);
            }
            return modern.preparedQuery(sql.toString()).executeBatch(batch);
        }).map(results -> {
            int deleted = 0;
            for (var result = results; result != null; result = result.next()) {
                deleted += result.rowCount();
            }
            return deleted;
        });
    }

    /** The upsert's shape, when it names its key columns and binds each from the field of the same name. */
    private static Optional<UpsertShape> keyed(EntityPlan entity) {
        Optional<UpsertShape> shape = UpsertShape.of(entity.upsert());
        List<String> parameters = NamedStatement.parse(entity.upsert()).parameters();
        return shape.filter(known -> parameters.containsAll(known.key()));
    }

    private Object keyOf(List<String> key, Map<String, Object> row) {
        List<Object> values = new ArrayList<>(key.size());
        key.forEach(column -> values.add(drift.canonical(row.get(column))));
        return values;
    }
}
