package dev.strangler.migrator.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.pgclient.data.Money;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts a value to the Java type the PostgreSQL client expects for a statement parameter of a given SQL type.
 * The client refuses, for instance, a {@code Long} for a {@code smallint} or a {@code String} for a {@code date};
 * expressions produce {@code Long}, {@code Double} and {@code String}, and legacy columns rarely have the modern
 * types, so every bound value passes through here. A value that cannot be converted (an out-of-range number, an
 * unparsable date) fails with a message naming the type.
 */
final class ParameterCoercion {

    private ParameterCoercion() {
    }

    /**
     * @param sqlType the parameter's type as PostgreSQL names it ({@code smallint}, {@code character varying},
     *                {@code timestamp without time zone}, ...)
     */
    static Object coerce(String sqlType, Object value) {
        if (value == null || sqlType == null) {
            return value;
        }
        try {
            return switch (sqlType) {
                case "smallint" -> Short.valueOf(exact(value).shortValueExact());
                case "integer" -> Integer.valueOf(exact(value).intValueExact());
                case "bigint" -> Long.valueOf(exact(value).longValueExact());
                case "numeric" -> decimal(value);
                case "money" -> value instanceof Money ? value : new Money(decimal(value));
                case "real" -> value instanceof Number n ? n.floatValue() : Float.parseFloat(value.toString());
                case "double precision" -> value instanceof Number n ? n.doubleValue()
                        : Double.parseDouble(value.toString());
                case "text", "character varying", "character", "name" -> text(value);
                case "boolean" -> value instanceof Boolean ? value : Boolean.parseBoolean(value.toString());
                case "date" -> date(value);
                case "timestamp without time zone" -> timestamp(value);
                case "timestamp with time zone" -> timestampWithZone(value);
                case "time without time zone" -> value instanceof LocalTime ? value : LocalTime.parse(value.toString());
                case "uuid" -> value instanceof UUID ? value : UUID.fromString(value.toString());
                case "json", "jsonb" -> json(value);
                default -> value;
            };
        } catch (ArithmeticException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("cannot bind " + value + " (" + value.getClass().getSimpleName()
                    + ") as " + sqlType + ": " + e.getMessage(), e);
        }
    }

    private static BigDecimal exact(Object value) {
        BigDecimal decimal = decimal(value);
        try {
            return decimal.setScale(0, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new ArithmeticException("it has a fractional part, and an integer column would lose it");
        }
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Money money) {
            return money.bigDecimalValue();
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        return new BigDecimal(value.toString().trim());
    }

    private static String text(Object value) {
        return value instanceof String s ? s : value.toString();
    }

    private static LocalDate date(Object value) {
        if (value instanceof LocalDate date) {
            return date;
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime.toLocalDate();
        }
        if (value instanceof OffsetDateTime dateTime) {
            return dateTime.toLocalDate();
        }
        String text = value.toString().trim();
        return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    }

    private static LocalDateTime timestamp(Object value) {
        if (value instanceof LocalDateTime dateTime) {
            return dateTime;
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay();
        }
        if (value instanceof OffsetDateTime dateTime) {
            return dateTime.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        String text = value.toString().trim();
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text.replace(' ', 'T'));
    }

    private static OffsetDateTime timestampWithZone(Object value) {
        if (value instanceof OffsetDateTime dateTime) {
            return dateTime;
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime || value instanceof LocalDate) {
            return timestamp(value).atOffset(ZoneOffset.UTC);
        }
        String text = value.toString().trim().replace(' ', 'T');
        return text.length() <= 19 ? timestamp(text).atOffset(ZoneOffset.UTC) : OffsetDateTime.parse(text);
    }

    private static Object json(Object value) {
        if (value instanceof JsonObject || value instanceof JsonArray) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return new JsonObject(map.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    e -> String.valueOf(e.getKey()), Map.Entry::getValue)));
        }
        if (value instanceof List<?> list) {
            return new JsonArray(List.copyOf(list));
        }
        return value;
    }
}
