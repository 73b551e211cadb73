package dev.strangler.migrator.engine;

import io.vertx.pgclient.data.Money;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.data.Numeric;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a row of the PostgreSQL or MySQL client into the column-to-value map that expressions, validators and transformers
 * see, with the value types {@link dev.strangler.config.RowExpression} documents ({@code numeric} and
 * {@code money} as {@code BigDecimal}, not the client's own {@code Numeric} and {@code Money}, so expressions compute
 * with them exactly; {@code real} as the {@code Double} of its shortest decimal form).
 */
final class RowValues {

    private RowValues() {
    }

    static Map<String, Object> of(Row row) {
        return of(row, 0);
    }

    /** Columns {@code from} onwards: a set-based read puts its own bookkeeping columns first. */
    static Map<String, Object> of(Row row, int from) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = from; i < row.size(); i++) {
            values.put(row.getColumnName(i), plain(row.getValue(i)));
        }
        return Collections.unmodifiableMap(values);
    }

    private static Object plain(Object value) {
        if (value instanceof Numeric numeric) {
            return numeric.bigDecimalValue();
        }
        if (value instanceof Money money) {
            return money.bigDecimalValue();
        }
        if (value instanceof Float single) {
            // A real reaches expressions as the double of the decimal the database shows for it (1.61), not as the
            // float's binary expansion widened to a double (1.6100000143051147), which would land in a double or
            // numeric target column as a value nobody ever wrote.
            return Double.valueOf(Float.toString(single));
        }
        return value;
    }

    /** The value that names a row in reports: the entity's key column, or its first column. */
    static String key(Map<String, Object> row, String keyColumn) {
        Object key = keyColumn != null ? row.get(keyColumn)
                : row.isEmpty() ? null : row.values().iterator().next();
        return String.valueOf(key);
    }
}
