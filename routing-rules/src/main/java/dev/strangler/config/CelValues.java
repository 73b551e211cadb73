package dev.strangler.config;

import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the Java values that database clients and HTTP requests produce and the values CEL computes with.
 *
 * <p>CEL knows {@code int} (Java {@code long}), {@code double}, {@code string}, {@code bool}, {@code bytes},
 * {@code timestamp} and {@code null}, and Strangler adds {@code decimal} ({@code BigDecimal}). So narrower integers
 * widen to {@code long}, {@code float} becomes {@code double}, {@code BigDecimal} stays exact (a
 * {@code BigInteger} becomes one), every date and time becomes a timestamp (a date is its midnight in UTC,
 * a local date-time is read as UTC), {@code byte[]} becomes bytes, a {@code UUID} its text, arrays and collections
 * lists, maps maps, and Java {@code null} becomes CEL {@code null}.
 * On the way back, a timestamp becomes an {@code OffsetDateTime} in UTC and bytes become {@code byte[]}.
 */
final class CelValues {

    private CelValues() {
    }

    static Object toCel(Object value) {
        if (value == null) {
            return NullValue.NULL_VALUE;
        }
        if (value instanceof String || value instanceof Long || value instanceof Boolean || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime dateTime) {
            return dateTime.toInstant();
        }
        if (value instanceof ZonedDateTime dateTime) {
            return dateTime.toInstant();
        }
        if (value instanceof byte[] bytes) {
            return CelByteString.of(bytes);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> converted = new HashMap<>(map.size() * 2);
            map.forEach((k, v) -> converted.put(k, toCel(v)));
            return converted;
        }
        if (value instanceof java.util.UUID uuid) {
            return uuid.toString();
        }
        if (value instanceof Object[] array) {
            List<Object> converted = new ArrayList<>(array.length);
            for (Object item : array) {
                converted.add(toCel(item));
            }
            return converted;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> converted = new ArrayList<>(collection.size());
            collection.forEach(v -> converted.add(toCel(v)));
            return converted;
        }
        return value;
    }

    static Object fromCel(Object value) {
        if (value == null || value instanceof NullValue || value instanceof com.google.protobuf.NullValue) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof CelByteString bytes) {
            return bytes.toByteArray();
        }
        if (value instanceof com.google.protobuf.ByteString bytes) {
            return bytes.toByteArray();
        }
        if (value instanceof com.google.common.primitives.UnsignedLong unsigned) {
            return unsigned.longValue();
        }
        return value;
    }
}
