package dev.strangler.migrator.bulk;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.NamedStatement;
import dev.strangler.migrator.Backfills.BatchWrites;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes one entity's rows of a whole batch of users in one statement. The plan's upsert
 * {@code INSERT INTO t (a, b) VALUES (:a, lower(:b)) ON CONFLICT ...} becomes
 *
 * <pre>{@code
 * INSERT INTO t (a, b) SELECT CAST(u.p1 AS integer), lower(CAST(u.p2 AS text))
 * FROM unnest($1::text[], $2::text[]) AS u(p1, p2) ON CONFLICT ...
 * }</pre>
 *
 * <p>where each parameter is cast to the type PostgreSQL declares for it in the plan's statement, and each value is
 * first coerced to that type exactly as the per-user path binds it, then sent as its text form. An upsert with
 * parameters outside one {@code VALUES} tuple is sent row by row in one round trip instead.
 */
final class BatchUpsert {

    private final EntityPlan entity;
    private final NamedStatement upsert;
    private final PlanSteps steps;
    private final BatchWrites writes;

    BatchUpsert(EntityPlan entity, PlanSteps steps, BatchWrites writes) {
        this.entity = entity;
        this.upsert = NamedStatement.parse(entity.upsert());
        this.steps = steps;
        this.writes = writes;
    }

    String entity() {
        return entity.name();
    }

    /** Writes the rows (already transformed) on the batch's connection. */
    Future<Void> load(SqlConnection modern, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture();
        }
        return steps.modernTypes(upsert.sql(), modern).compose(types -> {
            Optional<String> multiRow = writes == BatchWrites.MULTI_ROW ? multiRow(upsert.sql(), types)
                    : Optional.empty();
            if (multiRow.isPresent()) {
                return modern.preparedQuery(multiRow.get()).execute(columns(rows, types)).mapEmpty();
            }
            List<Tuple> batch = new ArrayList<>(rows.size());
            for (Map<String, Object> row : rows) {
                Tuple tuple = Tuple.tuple();
                for (int i = 0; i < upsert.parameters().size(); i++) {
                    tuple.addValue(steps.coerce(type(types, i), value(row, i)));
                }
                batch.add(tuple);
            }
            return modern.preparedQuery(upsert.sql()).executeBatch(batch).mapEmpty();
        });
    }

    /** The multi-row form of a positional upsert, or empty when its shape is not one {@code VALUES} tuple. */
    static Optional<String> multiRow(String sql, List<String> types) {
        int values = SqlText.indexOfKeyword(sql, "VALUES", 0);
        if (values < 0) {
            return Optional.empty();
        }
        int open = values + "VALUES".length();
        while (open < sql.length() && Character.isWhitespace(sql.charAt(open))) {
            open++;
        }
        int close = open < sql.length() && sql.charAt(open) == '(' ? SqlText.closingParenthesis(sql, open) : -1;
        if (close < 0) {
            return Optional.empty();
        }
        String prefix = sql.substring(0, values);
        String tuple = sql.substring(open + 1, close - 1);
        String suffix = sql.substring(close);
        if (suffix.strip().startsWith(",") || SqlText.hasParameters(prefix) || SqlText.hasParameters(suffix)) {
            return Optional.empty();
        }
        int[] highest = {0};
        String select = SqlText.replaceParameters(tuple, n -> {
            highest[0] = Math.max(highest[0], n);
            return "CAST(u.p" + n + " AS " + BatchFetch.castable(type(types, n - 1)) + ")";
        });
        StringBuilder unnest = new StringBuilder();
        StringBuilder names = new StringBuilder();
        for (int n = 1; n <= highest[0]; n++) {
            unnest.append(n == 1 ? "" : ", ").append('$').append(n).append("::text[]");
            names.append(n == 1 ? "" : ", ").append('p').append(n);
        }
        return Optional.of(prefix + "SELECT " + select + " FROM unnest(" + unnest + ") AS u(" + names + ")"
                + suffix);
    }

    /** One text array per parameter, each value coerced as the per-user path binds it, then as PostgreSQL text. */
    private Tuple columns(List<Map<String, Object>> rows, List<String> types) {
        Tuple tuple = Tuple.tuple();
        for (int i = 0; i < upsert.parameters().size(); i++) {
            String[] column = new String[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                column[r] = text(steps.coerce(type(types, i), value(rows.get(r), i)));
            }
            tuple.addValue(column);
        }
        return tuple;
    }

    private Object value(Map<String, Object> row, int parameter) {
        String name = upsert.parameters().get(parameter);
        if (!row.containsKey(name)) {
            throw new IllegalStateException(entity.name() + ".upsert: parameter :" + name
                    + " is not a mapped field (mapped: " + row.keySet() + ")");
        }
        return row.get(name);
    }

    private static String type(List<String> types, int index) {
        return index < types.size() ? types.get(index) : "text";
    }

    /**
     * A bound value as PostgreSQL's input function reads it back to the same value. A value with no such text
     * (a date beyond year 9999, a type this does not know) fails the batch, which is then retried user by user.
     */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Number && !(value instanceof BigDecimal)
                || value instanceof Boolean || value instanceof java.util.UUID) {
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof LocalDate || value instanceof LocalDateTime || value instanceof java.time.OffsetDateTime
                || value instanceof java.time.LocalTime) {
            if (value instanceof TemporalAccessor t && t.isSupported(ChronoField.YEAR)
                    && (t.get(ChronoField.YEAR) < 1 || t.get(ChronoField.YEAR) > 9999)) {
                throw new IllegalArgumentException("no text form for " + value + " in a batch");
            }
            return value.toString();
        }
        if (value instanceof JsonObject object) {
            return object.encode();
        }
        if (value instanceof JsonArray array) {
            return array.encode();
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Buffer buffer) {
            return "\\x" + HexFormat.of().formatHex(buffer.getBytes());
        }
        throw new IllegalArgumentException("no text form for a " + value.getClass().getSimpleName() + " in a batch");
    }

    @Override
    public String toString() {
        return entity.name() + ".upsert (" + writes.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
