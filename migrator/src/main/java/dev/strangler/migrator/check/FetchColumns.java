package dev.strangler.migrator.check;

import dev.strangler.expression.ValueType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.desc.ColumnDescriptor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The columns a fetch statement returns, with the type each value has when expressions see it. The statement runs
 * once with a null user key inside a transaction that is rolled back (it matches no row; the server still describes
 * its columns), so nothing is read or written. Types come from the client's JDBC classification, which the
 * PostgreSQL and MySQL clients both give, and from the type's name where that is not enough ({@code money},
 * {@code uuid}).
 */
final class FetchColumns {

    private FetchColumns() {
    }

    static Future<Map<String, ValueType>> of(Pool legacy, String fetch) {
        return legacy.withConnection(connection -> connection.begin().compose(transaction ->
                connection.preparedQuery(fetch).execute(Tuple.of((Object) null))
                        .eventually(transaction::rollback)))
                .map(rows -> {
                    Map<String, ValueType> columns = new LinkedHashMap<>();
                    for (ColumnDescriptor column : rows.columnDescriptors()) {
                        columns.put(column.name(), valueType(column));
                    }
                    return columns;
                });
    }

    static ValueType valueType(ColumnDescriptor column) {
        if (column.isArray()) {
            return ValueType.LIST;
        }
        String name = column.typeName() == null ? "" : column.typeName().toLowerCase(Locale.ROOT);
        switch (name) {
            case "money" -> {
                return ValueType.DECIMAL;
            }
            case "uuid", "name", "bpchar", "text", "varchar" -> {
                return ValueType.STRING;
            }
            case "json", "jsonb" -> {
                return ValueType.DYN;
            }
            default -> {
            }
        }
        if (column.jdbcType() == null) {
            return ValueType.DYN;
        }
        return switch (column.jdbcType()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> ValueType.INT;
            case NUMERIC, DECIMAL -> ValueType.DECIMAL;
            case REAL, FLOAT, DOUBLE -> ValueType.DOUBLE;
            case CHAR, VARCHAR, LONGVARCHAR, NCHAR, NVARCHAR, LONGNVARCHAR, CLOB -> ValueType.STRING;
            case BOOLEAN, BIT -> ValueType.BOOL;
            case DATE, TIMESTAMP, TIMESTAMP_WITH_TIMEZONE -> ValueType.TIMESTAMP;
            case BINARY, VARBINARY, LONGVARBINARY, BLOB -> ValueType.BYTES;
            default -> ValueType.DYN;
        };
    }
}
