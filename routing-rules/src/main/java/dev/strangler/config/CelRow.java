package dev.strangler.config;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A source row as CEL sees it: each column converted by {@link CelValues} when the expression reads it, instead of
 * the whole row copied for every expression. An expression reads a column or two of rows that have dozens, and a
 * plan evaluates several expressions per row. Iterating the row (a macro over {@code row}) converts it once, then.
 */
final class CelRow extends AbstractMap<String, Object> {

    private final Map<String, ?> row;
    private Set<Entry<String, Object>> entries;

    CelRow(Map<String, ?> row) {
        this.row = row;
    }

    @Override
    public Object get(Object column) {
        Object value = row.get(column);
        if (value == null && !row.containsKey(column)) {
            return null;
        }
        return CelValues.toCel(value);
    }

    @Override
    public boolean containsKey(Object column) {
        return row.containsKey(column);
    }

    @Override
    public int size() {
        return row.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        if (entries == null) {
            Map<String, Object> converted = new HashMap<>(row.size() * 2);
            row.forEach((k, v) -> converted.put(k, CelValues.toCel(v)));
            entries = converted.entrySet();
        }
        return entries;
    }
}
