package dev.strangler.migrator.state;

import dev.strangler.migrator.MigrationEngine.Violation;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns rows and violations into the JSON kept in the ledger: numbers stay numbers (decimals exact), dates and times
 * become ISO-8601 strings, bytes become base64, anything else its text.
 */
public final class Snapshots {

    private Snapshots() {
    }

    /** Entity name to rows, as a JSON object of arrays. */
    public static JsonObject of(Map<String, List<Map<String, Object>>> rowsByEntity) {
        JsonObject snapshot = new JsonObject();
        rowsByEntity.forEach((entity, rows) -> {
            JsonArray array = new JsonArray();
            rows.forEach(row -> array.add(row(row)));
            snapshot.put(entity, array);
        });
        return snapshot;
    }

    /** One row as a JSON object, columns in order. */
    public static JsonObject row(Map<String, Object> row) {
        JsonObject json = new JsonObject();
        row.forEach((column, value) -> json.put(column, value(value)));
        return json;
    }

    /** Violations as the ledger's {@code errors}: objects of entity, row, field, rule, message. */
    public static JsonArray errors(List<Violation> violations) {
        JsonArray errors = new JsonArray();
        for (Violation v : violations) {
            errors.add(new JsonObject().put("entity", v.entity()).put("row", v.row()).put("field", v.field())
                    .put("rule", v.rule()).put("message", v.message()));
        }
        return errors;
    }

    /** The ledger's {@code errors} back as violations. */
    public static List<Violation> violations(JsonArray errors) {
        if (errors == null) {
            return List.of();
        }
        return errors.stream().map(JsonObject.class::cast)
                .map(e -> new Violation(e.getString("entity"), e.getString("row"), e.getString("field"),
                        e.getString("rule"), e.getString("message")))
                .toList();
    }

    private static Object value(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Short || value instanceof Double
                || value instanceof Float || value instanceof BigDecimal || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Temporal) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Buffer buffer) {
            return Base64.getEncoder().encodeToString(buffer.getBytes());
        }
        if (value instanceof JsonObject || value instanceof JsonArray) {
            return value;
        }
        return value.toString();
    }
}
