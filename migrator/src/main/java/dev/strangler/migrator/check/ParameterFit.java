package dev.strangler.migrator.check;

import dev.strangler.expression.ValueType;
import java.util.Set;

/**
 * Whether a value a map expression yields can be bound to an upsert parameter of a given PostgreSQL type, as the
 * migrator coerces it at run time. A combination that fails for every row (a timestamp into an integer, a number
 * into a uuid) or silently means something else (a string into a boolean, where anything but "true" is false) is
 * refused; a string into a number or a date is accepted, since legacy data often keeps them as text.
 */
final class ParameterFit {

    private static final Set<String> NUMBERS = Set.of("smallint", "integer", "bigint", "numeric", "money", "real",
            "double precision");
    private static final Set<String> TEXTS = Set.of("text", "character varying", "character", "name");
    private static final Set<String> TIMES = Set.of("date", "timestamp without time zone",
            "timestamp with time zone");

    private ParameterFit() {
    }

    /** Null when {@code value} binds to {@code sqlType}; otherwise why not. */
    static String problem(ValueType value, String sqlType) {
        if (sqlType == null || value == ValueType.DYN || value == ValueType.NULL) {
            return null;
        }
        boolean fits;
        if (NUMBERS.contains(sqlType)) {
            fits = value == ValueType.INT || value == ValueType.DECIMAL || value == ValueType.DOUBLE
                    || value == ValueType.STRING;
        } else if (TEXTS.contains(sqlType)) {
            fits = value != ValueType.BYTES && value != ValueType.LIST && value != ValueType.MAP;
        } else if (TIMES.contains(sqlType)) {
            fits = value == ValueType.TIMESTAMP || value == ValueType.STRING;
        } else {
            fits = switch (sqlType) {
                case "boolean" -> value == ValueType.BOOL;
                case "uuid" -> value == ValueType.STRING;
                case "bytea" -> value == ValueType.BYTES;
                case "json", "jsonb" -> true;
                default -> true;
            };
        }
        return fits ? null : "a " + value.celName() + " cannot be bound to a " + sqlType + " parameter";
    }
}
