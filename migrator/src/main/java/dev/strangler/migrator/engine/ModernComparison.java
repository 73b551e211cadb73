package dev.strangler.migrator.engine;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.NamedStatement;
import dev.strangler.migrator.Verification.EntityCheck;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the rows the plan makes of a user's legacy data with what modern holds, letting the modern database do
 * every type conversion: in a transaction that is always rolled back, each entity's upsert runs (to a savepoint,
 * undone at once) with {@code RETURNING} the written columns as JSON, then the rows with those keys are read as
 * they were. Equal JSON means equal data, whatever casts and coercions the upsert applies. Rows modern has beyond
 * the expected keys (orders placed in modern) are not compared: they are the modern system's own.
 */
final class ModernComparison {

    private final Pool modern;
    private final List<EntityPlan> entities;
    private final StatementTypes modernTypes;

    ModernComparison(Pool modern, List<EntityPlan> entities, StatementTypes modernTypes) {
        this.modern = modern;
        this.entities = List.copyOf(entities);
        this.modernTypes = modernTypes;
    }

    Future<List<EntityCheck>> compare(Map<String, List<Map<String, Object>>> expected) {
        return modern.getConnection().compose(connection -> connection.begin()
                .compose(tx -> entity(connection, expected, 0, new ArrayList<>())
                        .eventually(tx::rollback))
                .eventually(connection::close));
    }

    private Future<List<EntityCheck>> entity(SqlConnection connection,
                                             Map<String, List<Map<String, Object>>> expected, int index,
                                             List<EntityCheck> checks) {
        if (index == entities.size()) {
            return Future.succeededFuture(checks);
        }
        EntityPlan entity = entities.get(index);
        List<Map<String, Object>> rows = expected.getOrDefault(entity.name(), List.of());
        Optional<UpsertShape> shape = UpsertShape.of(entity.upsert());
        Future<EntityCheck> check = shape.isEmpty()
                ? Future.succeededFuture(new EntityCheck(entity.name(), rows.size(), 0, "", "", List.of(
                        "not verifiable: the upsert is not INSERT INTO table (columns) ... ON CONFLICT (key)")))
                : rows.isEmpty() ? Future.succeededFuture(new EntityCheck(entity.name(), 0, 0, sha256(List.of()),
                        sha256(List.of()), List.of()))
                : compare(connection, entity, shape.get(), rows);
        return check.compose(done -> {
            checks.add(done);
            return entity(connection, expected, index + 1, checks);
        });
    }

    private Future<EntityCheck> compare(SqlConnection connection, EntityPlan entity, UpsertShape shape,
                                        List<Map<String, Object>> rows) {
        NamedStatement upsert = NamedStatement.parse(entity.upsert());
        UpsertTarget target = new UpsertTarget(entity, modernTypes);
        List<String> written = new ArrayList<>();
        List<Tuple> keys = new ArrayList<>();
        return connection.query("SAVEPOINT strangler_verify").execute()
                .compose(saved -> modernTypes.of(upsert.sql(), connection))
                .compose(types -> {
                    List<Tuple> batch = new ArrayList<>(rows.size());
                    rows.forEach(row -> batch.add(target.bind(row, types)));
                    return connection.preparedQuery(shape.returning(upsert.sql())).executeBatch(batch);
                })
                .compose(results -> {
                    for (RowSet<Row> result = results; result != null; result = result.next()) {
                        for (Row row : result) {
                            written.add(row.getString("strangler_row"));
                            Tuple key = Tuple.tuple();
                            for (int i = 1; i < row.size(); i++) {
                                key.addValue(row.getValue(i));
                            }
                            keys.add(key);
                        }
                    }
                    return connection.query("ROLLBACK TO SAVEPOINT strangler_verify").execute();
                })
                .compose(undone -> keys.isEmpty() ? Future.succeededFuture(List.<String>of())
                        : connection.preparedQuery(shape.select()).executeBatch(keys).map(ModernComparison::rows))
                .map(found -> check(entity.name(), shape, rows.size(), written, found));
    }

    private static List<String> rows(RowSet<Row> results) {
        List<String> found = new ArrayList<>();
        for (RowSet<Row> result = results; result != null; result = result.next()) {
            found.add(result.size() == 0 ? null : result.iterator().next().getString("strangler_row"));
        }
        return found;
    }

    private static EntityCheck check(String entity, UpsertShape shape, int expectedRows, List<String> written,
                                     List<String> found) {
        List<String> differences = new ArrayList<>();
        if (written.size() < expectedRows) {
            differences.add((expectedRows - written.size()) + " rows refused by the upsert's conflict condition"
                    + " (their key belongs to another user in modern)");
        }
        List<String> present = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            JsonObject want = new JsonObject(written.get(i));
            String key = key(shape, want);
            if (found.get(i) == null) {
                differences.add(key + ": missing in modern");
                continue;
            }
            present.add(found.get(i));
            JsonObject have = new JsonObject(found.get(i));
            for (String column : shape.columns()) {
                Object wanted = want.getValue(column);
                Object had = have.getValue(column);
                if (wanted == null ? had != null : !wanted.equals(had)) {
                    differences.add(key + ": " + column + " is " + Json.encode(had) + " in modern, expected "
                            + Json.encode(wanted));
                }
            }
        }
        return new EntityCheck(entity, expectedRows, present.size(), sha256(written), sha256(present),
                differences);
    }

    private static String key(UpsertShape shape, JsonObject row) {
        StringBuilder key = new StringBuilder();
        shape.key().forEach(column -> key.append(key.length() == 0 ? "" : "/").append(row.getValue(column)));
        return shape.table() + " " + key;
    }

    private static String sha256(List<String> rows) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            rows.stream().sorted().forEach(row -> {
                digest.update(row.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
