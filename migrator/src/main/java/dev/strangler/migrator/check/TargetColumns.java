package dev.strangler.migrator.check;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The modern columns an {@code INSERT INTO t (a, b) VALUES (:x, :y) ...} upsert fills, with their declared limits,
 * so that a row the modern database refused can be explained field by field: a text longer than its
 * {@code varchar(n)}, a number beyond its {@code numeric(p,s)} or integer range, a null in a {@code NOT NULL}
 * column. An upsert of another shape explains nothing (the database's own message then stands alone).
 */
public final class TargetColumns {

    private static final Pattern INSERT = Pattern.compile(
            "(?is)\\s*INSERT\\s+INTO\\s+([^\\s(]+)\\s*\\(([^)]*)\\)\\s*VALUES\\s*\\(([^)]*)\\).*");
    private static final Pattern LENGTH = Pattern.compile("(?:character varying|character|varchar|char)\\((\\d+)\\)");
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");

    /** Field (map name) to its column's declared type and whether it is NOT NULL. */
    private final Map<String, Column> fields;

    private record Column(String name, String type, boolean notNull) {
    }

    private TargetColumns(Map<String, Column> fields) {
        this.fields = fields;
    }

    /** Reads the columns {@code upsert} fills, on the caller's connection. */
    public static Future<TargetColumns> read(SqlConnection modern, String upsert) {
        Matcher m = INSERT.matcher(upsert);
        if (!m.matches()) {
            return Future.succeededFuture(new TargetColumns(Map.of()));
        }
        String[] columns = m.group(2).split(",");
        String[] values = m.group(3).split(",");
        Map<String, String> fieldToColumn = new LinkedHashMap<>();
        for (int i = 0; i < columns.length && i < values.length; i++) {
            String value = values[i].strip();
            if (value.startsWith(":")) {
                fieldToColumn.put(value.substring(1), unquote(columns[i].strip()));
            }
        }
        return modern.preparedQuery("SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,"
                        + " a.attnotnull AS not_null FROM pg_attribute a"
                        + " WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped")
                .execute(Tuple.of(m.group(1)))
                .map(rows -> {
                    Map<String, Column> byName = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byName.put(row.getString("name"), new Column(row.getString("name"), row.getString("type"),
                                row.getBoolean("not_null")));
                    }
                    Map<String, Column> fields = new LinkedHashMap<>();
                    fieldToColumn.forEach((field, column) -> {
                        if (byName.containsKey(column)) {
                            fields.put(field, byName.get(column));
                        }
                    });
                    return new TargetColumns(fields);
                });
    }

    /** Field to why its value in {@code row} does not fit its column; empty when every declared limit holds. */
    public Map<String, String> misfits(Map<String, Object> row) {
        Map<String, String> misfits = new LinkedHashMap<>();
        fields.forEach((field, column) -> {
            String why = misfit(row.get(field), column);
            if (why != null) {
                misfits.put(field, field + " -> " + column.name() + " " + column.type() + ": " + why);
            }
        });
        return misfits;
    }

    private static String misfit(Object value, Column column) {
        if (value == null) {
            return column.notNull() ? "null in a NOT NULL column" : null;
        }
        Matcher length = LENGTH.matcher(column.type());
        if (length.matches()) {
            int limit = Integer.parseInt(length.group(1));
            int actual = value.toString().codePointCount(0, value.toString().length());
            return actual > limit ? actual + " characters (at most " + limit + ")" : null;
        }
        BigDecimal number = number(value);
        if (number == null) {
            return null;
        }
        Matcher numeric = NUMERIC.matcher(column.type());
        if (numeric.matches()) {
            int precision = Integer.parseInt(numeric.group(1));
            int scale = Integer.parseInt(numeric.group(2));
            BigDecimal rounded = number.setScale(scale, RoundingMode.HALF_UP);
            return rounded.precision() - rounded.scale() > precision - scale
                    ? number.toPlainString() + " has more than " + (precision - scale) + " digits before the point"
                    : null;
        }
        long[] range = switch (column.type()) {
            case "smallint" -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
            case "integer" -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
            default -> null;
        };
        if (range != null && (number.compareTo(BigDecimal.valueOf(range[0])) < 0
                || number.compareTo(BigDecimal.valueOf(range[1])) > 0)) {
            return number.toPlainString() + " is out of range";
        }
        return null;
    }

    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        return null;
    }

    private static String unquote(String identifier) {
        return identifier.startsWith("\"") && identifier.endsWith("\"")
                ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"") : identifier;
    }
}
