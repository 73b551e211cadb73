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
 * Compares the rows the plan makes of a user's legacy data with what modern holds, letting the modern database do every
 * type conversion: in a transaction that is always rolled back, every entity's upsert runs, parents first, to one
 * savepoint with {@code RETURNING} the written columns as JSON; the savepoint is undone and the rows with those keys
 * are read as they were. Equal JSON means equal data, whatever casts and coercions the upsert applies. Rows modern has
 * beyond the expected keys (orders placed in modern) are not compared: they are the modern system's own.
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
                .compose(tx -> connection.query("SAVEPOINT strangler_verify").execute()
                        .compose(saved -> upsert(connection, expected, 0, new ArrayList<>()))
                        .compose(written -> connection.query("ROLLBACK TO SAVEPOINT strangler_verify").execute()
                                .compose(undone -> read(connection, expected, written, 0, new ArrayList<>())))
                        .eventually(tx::rollback))
                .eventually(connection::close));
    }

    /**
     * Runs every entity's upsert, in the plan's order, to one savepoint: a child row finds its parent written just
     * before (an order missing in modern is then reported as missing, not as its lines' foreign-key error).
     * Completes with what each entity's upsert wrote (null for an entity that cannot be verified).
     */
    private Future<List<Written>> upsert(SqlConnection connection, Map<String, List<Map<String, Object>>> expected,
                                         int index, List<Written> written) {
        if (index == entities.size()) {
            return Future.succeededFuture(written);
        }
        EntityPlan entity = entities.get(index);
        List<Map<String, Object>> rows = expected.getOrDefault(entity.name(), List.of());
        Optional<UpsertShape> shape = UpsertShape.of(entity.upsert());
        Future<Written> wrote = shape.isEmpty() ? Future.succeededFuture(null)
                : rows.isEmpty() ? Future.succeededFuture(new Written(List.of(), List.of()))
                : upsert(connection, entity, shape.get(), rows);
        return wrote.compose(done -> {
            written.add(done);
            return upsert(connection, expected, index + 1, written);
        });
    }

    private Future<Written> upsert(SqlConnection connection, EntityPlan entity, UpsertShape shape,
                                   List<Map<String, Object>> rows) {
        NamedStatement upsert = NamedStatement.parse(entity.upsert());
        UpsertTarget target = new UpsertTarget(entity, modernTypes);
        return modernTypes.of(upsert.sql(), connection)
                .compose(types -> {
                    List<Tuple> batch = new ArrayList<>(rows.size());
                    rows.forEach(row -> batch.add(target.bind(row, types)));
                    return connection.preparedQuery(shape.returning(upsert.sql())).executeBatch(batch);
                })
                .map(results -> {
                    List<String> written = new ArrayList<>();
                    List<Tuple> keys = new ArrayList<>();
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
                    return new Written(written, keys);
                });
    }

    /** Reads, after the savepoint was undone, the rows modern held under each written key, and compares. */
    private Future<List<EntityCheck>> read(SqlConnection connection, Map<String, List<Map<String, Object>>> expected,
                                           List<Written> written, int index, List<EntityCheck> checks) {
        if (index == entities.size()) {
            return Future.succeededFuture(checks);
        }
        EntityPlan entity = entities.get(index);
        int expectedRows = expected.getOrDefault(entity.name(), List.of()).size();
        Optional<UpsertShape> shape = UpsertShape.of(entity.upsert());
        Written wrote = written.get(index);
        Future<EntityCheck> check = shape.isEmpty()
                ? Future.succeededFuture(new EntityCheck(entity.name(), expectedRows, 0, "", "", List.of(
                        "not verifiable: the upsert is not INSERT INTO table (columns) ... ON CONFLICT (key)")))
                : expectedRows == 0 ? Future.succeededFuture(new EntityCheck(entity.name(), 0, 0,
                        sha256(List.of()), sha256(List.of()), List.of()))
                : (wrote.keys().isEmpty() ? Future.succeededFuture(List.<String>of())
                        : connection.preparedQuery(shape.get().select()).executeBatch(wrote.keys())
                                .map(ModernComparison::rows))
                        .map(found -> check(entity.name(), shape.get(), expectedRows, wrote.rows(), found));
        return check.compose(done -> {
            checks.add(done);
            return read(connection, expected, written, index + 1, checks);
        });
    }

    /** What one entity's upsert wrote to the savepoint: each row as JSON, and its key. */
    private record Written(List<String> rows, List<Tuple> keys) {
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
