package dev.strangler.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a changed row of one table finds its user, declared for {@code strangler sync} (issue 17) on an entity (legacy
 * rows) or on a rollback step (modern rows): {@code userKey: customer_id} (a column of the fetch's own table), or a
 * mapping of tables to a column or to a small query on the same database whose first column is the user key, with
 * the changed row's columns as {@code :name} parameters:
 * <pre>
 * userKey:
 *   order_details: "SELECT customer_id FROM orders WHERE order_id = :order_id"
 *   orders: customer_id
 * </pre>
 * A table not declared is derived from the fetch when it can be.
 *
 * @param table  the table, as written ({@code orders} or {@code sales.orders}); null for the fetch's own table
 *               (the scalar form)
 * @param column the column holding the user key, or null when {@code query} says it
 * @param query  the query (on legacy for an entity, on modern for a rollback step) giving the row's users, or
 *               null when {@code column} says it
 */
public record UserKey(String table, String column, String query) {

    private static final Pattern ROOT = Pattern.compile("\\bFROM\\s+([A-Za-z_][\\w.]*)", Pattern.CASE_INSENSITIVE);

    public UserKey {
        if ((column == null) == (query == null)) {
            throw new IllegalArgumentException("userKey: exactly one of column and query");
        }
    }

    /** The declaration's key path under its entity: {@code userKey} or {@code userKey.orders}. */
    public String path() {
        return table == null ? "userKey" : "userKey." + table;
    }

    /** The table this declaration is about, qualified ({@code public.orders}), {@code fetch} giving the root one. */
    public Optional<String> qualifiedTable(String fetch) {
        if (table != null) {
            return Optional.of(qualified(table));
        }
        Matcher root = ROOT.matcher(Objects.requireNonNull(fetch, "fetch"));
        return root.find() ? Optional.of(qualified(root.group(1))) : Optional.empty();
    }

    /** {@code orders} as {@code public.orders}, lower case, as change events name tables. */
    public static String qualified(String table) {
        String lower = table.toLowerCase(Locale.ROOT);
        return lower.contains(".") ? lower : "public." + lower;
    }
}
