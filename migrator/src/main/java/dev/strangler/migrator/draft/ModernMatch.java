package dev.strangler.migrator.draft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where each legacy table and column goes in the modern database, matched by name and type: a table of the same
 * name, or its singular or plural ({@code customers} and {@code customer}); a column of the same name whose type is
 * of the same family (integers and decimals are numbers, {@code varchar} and {@code text} are text, dates and
 * timestamps are times; anything but bytes fits a text column). Without a modern database, modern is taken to
 * mirror legacy.
 */
final class ModernMatch {

    private final Map<String, CatalogueTable> modern;

    private ModernMatch(Map<String, CatalogueTable> modern) {
        this.modern = modern;
    }

    /** Matches against {@code tables}; null means modern mirrors legacy. */
    static ModernMatch of(List<CatalogueTable> tables) {
        if (tables == null) {
            return new ModernMatch(null);
        }
        Map<String, CatalogueTable> byName = new LinkedHashMap<>();
        tables.forEach(table -> byName.put(table.name().toLowerCase(Locale.ROOT), table));
        return new ModernMatch(byName);
    }

    boolean mirrors() {
        return modern == null;
    }

    /** The modern table for a legacy one. */
    Optional<CatalogueTable> table(CatalogueTable legacy) {
        if (modern == null) {
            return Optional.of(legacy);
        }
        String name = legacy.name().toLowerCase(Locale.ROOT);
        for (String candidate : List.of(name, singular(name), name + "s")) {
            CatalogueTable found = modern.get(candidate);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /**
     * Each legacy column to the modern column it fills, or to null with why not (in {@code unmatched}).
     */
    static Map<CatalogueTable.Column, CatalogueTable.Column> columns(CatalogueTable legacy, CatalogueTable target,
                                                                     Map<String, String> unmatched) {
        Map<CatalogueTable.Column, CatalogueTable.Column> matched = new LinkedHashMap<>();
        for (CatalogueTable.Column column : legacy.columns()) {
            Optional<CatalogueTable.Column> same = target.columns().stream()
                    .filter(c -> c.name().equalsIgnoreCase(column.name())).findFirst();
            if (same.isEmpty()) {
                unmatched.put(column.name(), "no column " + column.name() + " in modern " + target.name());
            } else if (!fits(column.type(), same.get().type())) {
                unmatched.put(column.name(), "modern " + target.name() + "." + same.get().name() + " is "
                        + same.get().type() + ", legacy is " + column.type());
            } else {
                matched.put(column, same.get());
            }
        }
        return matched;
    }

    /** Modern columns that must get a value (NOT NULL, no default) but no legacy column fills. */
    static List<String> unfilled(CatalogueTable target, Map<CatalogueTable.Column, CatalogueTable.Column> matched) {
        List<String> unfilled = new ArrayList<>();
        for (CatalogueTable.Column column : target.columns()) {
            if (!column.nullable() && !column.hasDefault() && !matched.containsValue(column)) {
                unfilled.add(column.name() + " " + column.type());
            }
        }
        return unfilled;
    }

    static boolean fits(String legacyType, String modernType) {
        String from = family(legacyType);
        String to = family(modernType);
        return from.equals(to) || to.equals("text") && !from.equals("bytes");
    }

    /** Whether a column of this type holds text ({@code varchar}, {@code character varying}, {@code text}...). */
    static boolean textual(String type) {
        return family(type).equals("text");
    }

    /**
     * The family of a PostgreSQL, MySQL or MariaDB type: {@code int(11) unsigned} and {@code numeric(10,2)} are
     * numbers, {@code character varying(40)} and {@code longtext} text, {@code datetime(6)} and {@code date} times,
     * {@code bytea} and {@code blob} bytes; any other type is its own family.
     */
    private static String family(String type) {
        String t = type.toLowerCase(Locale.ROOT).strip();
        if (t.endsWith("[]")) {
            return "array";
        }
        String base = t.replaceAll("[ (].*", "");
        return switch (base) {
            case "smallint", "integer", "bigint", "numeric", "real", "double", "money", "int", "tinyint",
                 "mediumint", "decimal", "float", "dec", "fixed" -> "number";
            case "character", "text", "varchar", "char", "tinytext", "mediumtext", "longtext", "enum", "set",
                 "nvarchar", "nchar" -> "text";
            case "date", "timestamp", "datetime" -> "datetime";
            case "bytea", "blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary" -> "bytes";
            default -> base;
        };
    }

    private static String singular(String name) {
        if (name.endsWith("ies")) {
            return name.substring(0, name.length() - 3) + "y";
        }
        if (name.endsWith("ses") || name.endsWith("xes")) {
            return name.substring(0, name.length() - 2);
        }
        return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }
}
