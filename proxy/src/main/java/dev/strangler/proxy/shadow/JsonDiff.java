package dev.strangler.proxy.shadow;

import dev.strangler.config.CompareConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The fields in which two JSON documents differ, compared structurally: objects key by key (order does not matter),
 * arrays element by element, numbers by value ({@code 1} equals {@code 1.0}). Fields an ignore rule matches are
 * skipped with everything under them. Fields are named as JSON paths: {@code $.customer.contactName},
 * {@code $.orders[3]}, {@code $['odd key']}; at most {@value #MAX_FIELDS} are reported.
 */
final class JsonDiff {

    static final int MAX_FIELDS = 50;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private final CompareConfig compare;
    private final List<String> fields = new ArrayList<>();

    private JsonDiff(CompareConfig compare) {
        this.compare = compare;
    }

    /** The differing fields of {@code a} and {@code b} (decoded JSON values), sorted as found. */
    static List<String> of(CompareConfig compare, Object a, Object b) {
        JsonDiff diff = new JsonDiff(compare);
        diff.walk(new ArrayList<>(), a, b);
        return List.copyOf(diff.fields);
    }

    private void walk(List<Object> path, Object a, Object b) {
        if (fields.size() >= MAX_FIELDS || !path.isEmpty() && compare.ignoresField(path)) {
            return;
        }
        if (a instanceof JsonObject x && b instanceof JsonObject y) {
            TreeSet<String> keys = new TreeSet<>(x.fieldNames());
            keys.addAll(y.fieldNames());
            for (String key : keys) {
                path.add(key);
                if (x.containsKey(key) != y.containsKey(key)) {
                    report(path);
                } else {
                    walk(path, x.getValue(key), y.getValue(key));
                }
                path.remove(path.size() - 1);
            }
        } else if (a instanceof JsonArray x && b instanceof JsonArray y) {
            for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
                path.add(i);
                if (i >= x.size() || i >= y.size()) {
                    report(path);
                } else {
                    walk(path, x.getValue(i), y.getValue(i));
                }
                path.remove(path.size() - 1);
            }
        } else if (!same(a, b)) {
            report(path);
        }
    }

    private void report(List<Object> path) {
        if (!compare.ignoresField(path)) {
            fields.add(name(path));
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b);
    }

    /** {@code $.a.b[2]['c d']}. */
    static String name(List<Object> path) {
        StringBuilder name = new StringBuilder("$");
        for (Object step : path) {
            if (step instanceof Integer index) {
                name.append('[').append(index).append(']');
            } else if (PLAIN.matcher((String) step).matches()) {
                name.append('.').append(step);
            } else {
                name.append("['").append(((String) step).replace("'", "\\'")).append("']");
            }
        }
        return name.toString();
    }
}
