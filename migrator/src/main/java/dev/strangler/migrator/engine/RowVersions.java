package dev.strangler.migrator.engine;

import dev.strangler.config.NamedStatement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of one entity as modern would store them, by row key, asked of modern itself as {@link ModernComparison}
 * does: the upsert runs to a savepoint with {@code RETURNING} the written columns as JSON, and is undone at once;
 * and modern's current rows of those keys are read the same way. So every version the catch-up compares went
 * through the same casts.
 */
final class RowVersions {

    private final EntityPipeline entity;
    private final UpsertShape shape;
    private final UpsertTarget target;
    private final StatementTypes modernTypes;

    RowVersions(EntityPipeline entity, UpsertShape shape, StatementTypes modernTypes) {
        this.entity = entity;
        this.shape = shape;
        this.target = new UpsertTarget(entity.plan(), modernTypes);
        this.modernTypes = modernTypes;
    }

    UpsertShape shape() {
        return shape;
    }

    String entityName() {
        return entity.name();
    }

    dev.strangler.config.EntityPlan entityPlan() {
        return entity.plan();
    }

    /** The entity's own upsert step, through which every catch-up write goes. */
    dev.strangler.migrator.spi.EntityTarget entityTarget() {
        return entity.target();
    }

    /** The rows as the upsert would write them (nothing stays written), by key; in the rows' order. */
    Future<Map<String, JsonObject>> asWritten(SqlConnection modern, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture(new LinkedHashMap<>());
        }
        NamedStatement upsert = NamedStatement.parse(entity.plan().upsert());
        Map<String, JsonObject> written = new LinkedHashMap<>();
        return modern.query("SAVEPOINT strangler_sync").execute()
                .compose(saved -> modernTypes.of(upsert.sql(), modern))
                .compose(types -> {
                    List<Tuple> batch = new ArrayList<>(rows.size());
                    rows.forEach(row -> batch.add(target.bind(row, types)));
                    return modern.preparedQuery(shape.returning(upsert.sql())).executeBatch(batch);
                })
                .compose(results -> {
                    for (RowSet<Row> result = results; result != null; result = result.next()) {
                        for (Row row : result) {
                            JsonObject json = new JsonObject(row.getString("strangler_row"));
                            written.put(key(json), json);
                        }
                    }
                    return modern.query("ROLLBACK TO SAVEPOINT strangler_sync").execute();
                })
                .map(undone -> written);
    }

    /** Modern's current rows of those keys (a key modern lacks is absent). */
    Future<Map<String, JsonObject>> current(SqlConnection modern, Iterable<JsonObject> keys) {
        List<Tuple> batch = new ArrayList<>();
        keys.forEach(row -> {
            Tuple key = Tuple.tuple();
            shape.key().forEach(column -> key.addValue(row.getValue(column)));
            batch.add(key);
        });
        if (batch.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return readAsText(modern, batch);
    }

    /** Keys compared as text ({@code id::text = $1}): the JSON gives numbers and strings, the columns any type. */
    private Future<Map<String, JsonObject>> readAsText(SqlConnection modern, List<Tuple> batch) {
        StringBuilder sql = new StringBuilder("SELECT ").append(shape.rowJson()).append(" AS strangler_row FROM ")
                .append(shape.table()).append(" WHERE ");
        for (int i = 0; i < shape.key().size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append(shape.key().get(i)).append("::text = $").append(i + 1)
                    .append("::text");
        }
        List<Tuple> asText = new ArrayList<>();
        batch.forEach(key -> {
            Tuple text = Tuple.tuple();
            for (int i = 0; i < key.size(); i++) {
                Object value = key.getValue(i);
                text.addValue(value == null ? null : String.valueOf(value));
            }
            asText.add(text);
        });
        return modern.preparedQuery(sql.toString()).executeBatch(asText).map(results -> {
            Map<String, JsonObject> found = new LinkedHashMap<>();
            for (RowSet<Row> result = results; result != null; result = result.next()) {
                for (Row row : result) {
                    JsonObject json = new JsonObject(row.getString("strangler_row"));
                    found.put(key(json), json);
                }
            }
            return found;
        });
    }

    /** Sets the given columns of a row back to modern's values (after an upsert wrote legacy's). */
    Future<Void> restore(SqlConnection modern, JsonObject modernRow, List<String> columns) {
        if (columns.isEmpty()) {
            return Future.succeededFuture();
        }
        StringBuilder sql = new StringBuilder("UPDATE ").append(shape.table()).append(" AS t SET ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i)).append(" = r.").append(columns.get(i));
        }
        sql.append(" FROM json_populate_record(NULL::").append(shape.table()).append(", $1::text::json) AS r WHERE ");
        for (int i = 0; i < shape.key().size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append("t.").append(shape.key().get(i)).append(" = r.")
                    .append(shape.key().get(i));
        }
        return modern.preparedQuery(sql.toString()).execute(Tuple.of(modernRow.encode())).mapEmpty();
    }

    /** A row's key as text: its key columns' values, joined by {@code /}. */
    String key(JsonObject row) {
        StringBuilder key = new StringBuilder();
        shape.key().forEach(column -> key.append(key.length() == 0 ? "" : "/").append(row.getValue(column)));
        return key.toString();
    }
}
