package dev.strangler.migrator.sync;

import dev.strangler.config.UserKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the rows of each table a joined fetch reads find their users (issue 17), derived from the fetch:
 * {@code SELECT l.* FROM order_details l JOIN orders o ON o.order_id = l.order_id WHERE o.customer_id = $1}. The
 * table whose alias qualifies the user key's column ({@code orders}) carries the key ({@code customer_id}); each
 * other table is mapped by the fetch's own joins, bound to the columns of it that they name ({@code l.order_id} in
 * an {@code ON}, or a {@code USING} column):
 * {@code SELECT DISTINCT o.customer_id FROM order_details l JOIN orders o ON o.order_id = l.order_id
 * WHERE l.order_id = :order_id}. The rest of the fetch's condition is left out: it may only add users whose data did
 * not change, which a catch-up finds unchanged. A fetch of another shape (a comma join, an unqualified key column,
 * a table whose joins name none of its columns) leaves those tables to a {@code userKey:} declaration.
 */
final class JoinedFetch {

    private static final Pattern JOIN = Pattern.compile("\\bJOIN\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHAPE = Pattern.compile("^\\s*SELECT\\s.*?\\sFROM\\s+(.+?)\\s+WHERE\\s+(.+)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern USING = Pattern.compile("\\bUSING\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern KEY = Pattern.compile("\\b([A-Za-z_]\\w*)\\.([A-Za-z_]\\w*)\\s*=\\s*\\$1\\b");
    private static final Pattern TABLE = Pattern.compile("(?:^\\s*|\\bJOIN\\s+)([A-Za-z_][\\w.]*)(?:\\s+(?:AS\\s+)?"
            + "(?!(?:ON|USING|JOIN|LEFT|RIGHT|INNER|FULL|CROSS|NATURAL|OUTER|WHERE)\\b)([A-Za-z_]\\w*))?",
            Pattern.CASE_INSENSITIVE);

    private JoinedFetch() {
    }

    /** Whether the fetch joins tables, so that {@link #owners} applies rather than the single-table reading. */
    static boolean joins(String fetch) {
        return JOIN.matcher(fetch).find();
    }

    /**
     * Each table of the joined fetch with how its rows find their users; {@code unresolved} receives the tables that
     * cannot be mapped so (and why).
     */
    static Map<String, RowOwner> owners(String fetch, List<String> unresolved) {
        Map<String, RowOwner> owners = new LinkedHashMap<>();
        Matcher shape = SHAPE.matcher(fetch);
        if (!shape.find()) {
            unresolved.add("expected: SELECT ... FROM table JOIN ... WHERE alias.column = $1");
            return owners;
        }
        String from = shape.group(1);
        Matcher key = KEY.matcher(shape.group(2));
        if (!key.find()) {
            unresolved.add("the user key's column is not qualified by a table alias (expected: alias.column = $1)");
            return owners;
        }
        String keyAlias = key.group(1);
        String keyExpression = keyAlias + "." + key.group(2);
        Map<String, String> tables = tables(from);
        if (!tables.containsKey(keyAlias.toLowerCase(Locale.ROOT))) {
            unresolved.add(keyAlias + " is not a table of the fetch's FROM");
            return owners;
        }
        for (Map.Entry<String, String> table : tables.entrySet()) {
            String alias = table.getKey();
            if (alias.equals(keyAlias.toLowerCase(Locale.ROOT))) {
                owners.putIfAbsent(table.getValue(), RowOwner.column(key.group(2).toLowerCase(Locale.ROOT)));
                continue;
            }
            Optional<String> query = query(from, alias, using(from, alias), keyExpression);
            if (query.isPresent()) {
                owners.putIfAbsent(table.getValue(), RowOwner.query(query.get()));
            } else {
                unresolved.add(table.getValue() + ": its joins name none of its columns (as " + alias
                        + ".column or in USING)");
            }
        }
        return owners;
    }

    /** Alias (lower case) to qualified table, in the order the FROM names them. */
    private static Map<String, String> tables(String from) {
        Map<String, String> tables = new LinkedHashMap<>();
        Matcher table = TABLE.matcher(from);
        while (table.find()) {
            String name = table.group(1);
            String alias = table.group(2) != null ? table.group(2) : name.substring(name.lastIndexOf('.') + 1);
            tables.put(alias.toLowerCase(Locale.ROOT), UserKey.qualified(name));
        }
        return tables;
    }

    /**
     * The columns of a {@code USING (...)} join that name a column of the table known as {@code alias}: the join's
     * own table and the one named just before it.
     */
    private static Set<String> using(String from, String alias) {
        Set<String> columns = new LinkedHashSet<>();
        List<String> aliases = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        Matcher table = TABLE.matcher(from);
        while (table.find()) {
            String name = table.group(1);
            aliases.add((table.group(2) != null ? table.group(2) : name.substring(name.lastIndexOf('.') + 1))
                    .toLowerCase(Locale.ROOT));
            ends.add(table.end());
        }
        Matcher using = USING.matcher(from);
        while (using.find()) {
            int joined = -1;
            for (int i = 0; i < ends.size() && ends.get(i) <= using.start(); i++) {
                joined = i;
            }
            if (joined >= 0 && (aliases.get(joined).equals(alias) || joined > 0
                    && aliases.get(joined - 1).equals(alias))) {
                for (String column : using.group(1).split(",")) {
                    columns.add(column.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }

    /**
     * The query finding the users of a row of the table known as {@code alias}, bound to the columns its joins
     * name ({@code alias.column} in an {@code ON}, or a {@code USING} column).
     */
    private static Optional<String> query(String from, String alias, Set<String> using, String keyExpression) {
        Set<String> columns = new LinkedHashSet<>(using);
        Matcher column = Pattern.compile("\\b" + Pattern.quote(alias) + "\\.([A-Za-z_]\\w*)",
                Pattern.CASE_INSENSITIVE).matcher(from);
        while (column.find()) {
            columns.add(column.group(1).toLowerCase(Locale.ROOT));
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> conditions = new ArrayList<>();
        columns.forEach(name -> conditions.add(alias + "." + name + " = :" + name));
        return Optional.of("SELECT DISTINCT " + keyExpression + " FROM " + from + " WHERE "
                + String.join(" AND ", conditions));
    }
}
