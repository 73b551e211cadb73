package dev.strangler.migrator.engine;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Whether a user's data, transformed now, differs from the ledger's snapshot of what was migrated. The two are
 * compared as data, not as the JSON each became: keys in any order, rows in any order, a number by its value (a
 * legacy {@code real} 45.6 is a float now and a double once read back from the ledger's jsonb, an exact decimal
 * is compared as the ledger reads it back), a date or time by
 * the instant or day it names ({@code 1997-08-25T00:00} and {@code 1997-08-25 00:00:00}), and without the columns
 * the plan's {@code cleaned} statement sets, which legacy changes after every migration by design.
 */
final class SnapshotDrift {

    private static final Pattern SET_CLAUSE =
            Pattern.compile("(?is)\\bset\\s+(.*?)(?:\\bwhere\\b|\\bfrom\\b|\\breturning\\b|$)");
    private static final Pattern DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?");

    private final Set<String> ignored;

    private SnapshotDrift(Set<String> ignored) {
        this.ignored = Set.copyOf(ignored);
    }

    /** Ignores the columns {@code cleaned} sets ({@code UPDATE customers SET migrated_at = now() WHERE ...}). */
    static SnapshotDrift ignoringCleanedMark(String cleaned) {
        return new SnapshotDrift(cleanedColumns(cleaned));
    }

    /** The columns a {@code cleaned} statement's SET clause assigns, lower case; none without one. */
    static Set<String> cleanedColumns(String cleaned) {
        if (cleaned == null) {
            return Set.of();
        }
        Matcher set = SET_CLAUSE.matcher(cleaned);
        if (!set.find()) {
            return Set.of();
        }
        return splitAssignments(set.group(1)).stream()
                .map(assignment -> assignment.split("=", 2)[0].trim().replace("\"", "").replace("`", "")
                        .toLowerCase(Locale.ROOT))
                .filter(column -> !column.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** True when the snapshot and the data now differ as data. */
    boolean drifted(JsonObject snapshot, JsonObject now) {
        return !canonical(snapshot).equals(canonical(now));
    }

    /** The value in a form where equal data is equal: sorted maps, sorted rows, numbers and times normalised. */
    Object canonical(Object value) {
        if (value instanceof JsonObject object) {
            return canonical(object.getMap());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, inner) -> {
                if (!ignored.contains(String.valueOf(key).toLowerCase(Locale.ROOT))) {
                    sorted.put(String.valueOf(key), canonical(inner));
                }
            });
            return sorted;
        }
        if (value instanceof JsonArray array) {
            return canonical(array.getList());
        }
        if (value instanceof List<?> list) {
            List<Object> rows = new ArrayList<>(list.size());
            list.forEach(row -> rows.add(canonical(row)));
            rows.sort(Comparator.comparing(String::valueOf));
            return rows;
        }
        if (value instanceof Number number) {
            return number(number);
        }
        if (value instanceof String text && DATE_TIME.matcher(text).matches()) {
            return time(text);
        }
        return value;
    }

    private static String number(Number number) {
        BigDecimal decimal;
        if (number instanceof BigDecimal exact) {
            // as the ledger gives it back: its jsonb holds the decimal exactly, but reads a fraction as the nearest
            // double (numeric(38,10)'s 1234567890123456789012345678.0123456789 comes back as 1.2345678901234568E27)
            Object read = Json.decodeValue(exact.toString());
            decimal = read instanceof BigDecimal same ? same : new BigDecimal(number((Number) read));
        } else if (number instanceof BigInteger big) {
            decimal = new BigDecimal(big);
        } else if (number instanceof Float single) {
            decimal = new BigDecimal(Float.toString(single));
        } else if (number instanceof Double wide) {
            decimal = new BigDecimal(Double.toString(wide));
        } else {
            decimal = BigDecimal.valueOf(number.longValue());
        }
        return decimal.stripTrailingZeros().toPlainString();
    }

    private static String time(String text) {
        String iso = text.replace(' ', 'T').replaceFirst("([+-]\\d{2})$", "$1:00")
                .replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).toString();
            }
            return OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() + "Z";
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(iso).toString();
            } catch (DateTimeParseException notATime) {
                return text;
            }
        }
    }

    /** Splits {@code a = 1, b = f(x, y)} at the commas outside parentheses. */
    private static List<String> splitAssignments(String clause) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder part = new StringBuilder();
        for (char c : clause.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }
}
