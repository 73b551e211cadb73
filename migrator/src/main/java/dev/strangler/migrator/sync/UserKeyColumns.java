package dev.strangler.migrator.sync;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.NamedStatement;
import dev.strangler.config.RollbackStep;
import dev.strangler.config.RowExpression;
import dev.strangler.config.UserKey;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a captured row finds its user, declared by a {@code userKey:} ({@link UserKey}: an entity's for legacy rows, a
 * rollback step's for modern rows) or derived from the plan (issue 17): on legacy, each entity's {@code fetch}
 * ({@code SELECT * FROM orders WHERE customer_id = $1}: a row of {@code public.orders} belongs to the user in its
 * {@code customer_id}; a joined fetch maps each of its tables through its joins, {@link JoinedFetch}); on modern,
 * each {@code rollback} step's fetch (joined ones the same way, their queries run on modern), and each entity's
 * upsert table with the column written from the legacy key ({@code map: {customer_id: row.customer_id}} upserted
 * into {@code customer_order (id, customer_id, ...)}: a row of {@code public.customer_order} belongs to the user in
 * its {@code customer_id}). A declaration wins over a derivation. A statement neither declared nor derivable is not
 * captured: {@link #uncaptured()} names it, and its rows are re-read whenever another captured row of the same user
 * changes.
 */
final class UserKeyColumns {

    private static final Pattern FETCH = Pattern.compile(
            "\\bFROM\\s+([A-Za-z_][\\w.]*)(?:\\s+(?:AS\\s+)?(?!WHERE\\b)[A-Za-z_]\\w*)?\\s+WHERE\\s+"
                    + "(?:[A-Za-z_]\\w*\\.)?([A-Za-z_]\\w*)\\s*=\\s*\\$1\\b(?:\\s*::\\s*\\w+)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern INSERT = Pattern.compile(
            "^\\s*INSERT\\s+INTO\\s+([A-Za-z_][\\w.]*)\\s*\\(([^)]*)\\)\\s*VALUES\\s*\\(([^)]*)\\)",
            Pattern.CASE_INSENSITIVE);

    private final Map<String, RowOwner> legacy;
    private final Map<String, RowOwner> modern;
    private final List<String> uncaptured;

    private UserKeyColumns(Map<String, RowOwner> legacy, Map<String, RowOwner> modern, List<String> uncaptured) {
        this.legacy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(legacy));
        this.modern = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modern));
        this.uncaptured = List.copyOf(uncaptured);
    }

    /** The columns of every table the plan reads on legacy and writes on modern; names the statements it cannot. */
    static UserKeyColumns of(MigrationPlan plan) {
        Map<String, RowOwner> legacy = new LinkedHashMap<>();
        Map<String, RowOwner> modern = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (EntityPlan entity : plan.entities()) {
            String path = "migration.entities." + entity.name();
            Set<String> declared = declared(entity.userKeys(), entity.fetch(), path, legacy, problems);
            String keyColumn = derived(entity.fetch(), path, declared, legacy, problems, false);
            if (keyColumn != null) {
                upsertKey(entity, keyColumn).ifPresent(found -> modern.putIfAbsent(found[0],
                        RowOwner.column(found[1])));
            }
        }
        for (int i = 0; i < plan.rollback().size(); i++) {
            RollbackStep step = plan.rollback().get(i);
            String path = "migration.rollback[" + i + "]";
            derived(step.fetch(), path, declared(step.userKeys(), step.fetch(), path, modern, problems), modern,
                    problems, true);
        }
        if (legacy.isEmpty()) {
            throw new IllegalArgumentException("migration.entities: no fetch says how a row finds its user, so"
                    + " nothing can be captured (" + String.join("; ", problems) + ")");
        }
        return new UserKeyColumns(legacy, modern, problems);
    }

    /**
     * Puts the owners of the tables a fetch reads into {@code owners}, but for the tables declared; names what cannot
     * be derived in {@code problems}; returns the user key's column of the fetch's key table, or null.
     * {@code replace}: a derivation replaces an earlier one (a rollback step's fetch says better than an upsert).
     */
    private static String derived(String sql, String path, Set<String> declared, Map<String, RowOwner> owners,
                                  List<String> problems, boolean replace) {
        String keyColumn = null;
        Matcher fetch = FETCH.matcher(sql);
        if (JoinedFetch.joins(sql)) {
            List<String> unresolved = new ArrayList<>();
            for (Map.Entry<String, RowOwner> owner : JoinedFetch.owners(sql, unresolved).entrySet()) {
                if (!declared.contains(owner.getKey())) {
                    owners.putIfAbsent(owner.getKey(), owner.getValue());
                }
                keyColumn = keyColumn == null ? owner.getValue().column() : keyColumn;
            }
            unresolved.stream().filter(why -> declared.stream().noneMatch(why::startsWith))
                    .forEach(why -> problems.add(path + ".fetch: " + why + " (declare it in userKey)"));
        } else if (fetch.find()) {
            keyColumn = fetch.group(2).toLowerCase(Locale.ROOT);
            String table = UserKey.qualified(fetch.group(1));
            if (!declared.contains(table)) {
                if (replace) {
                    owners.put(table, RowOwner.column(keyColumn));
                } else {
                    owners.putIfAbsent(table, RowOwner.column(keyColumn));
                }
            }
        } else if (declared.isEmpty()) {
            problems.add(path + ".fetch: cannot tell how a row finds its user"
                    + " (expected: FROM table WHERE column = $1, or a userKey declaration)");
        }
        return keyColumn;
    }

    /** The statements whose rows are not captured, and why. */
    List<String> uncaptured() {
        return uncaptured;
    }

    /** The modern table and column an entity's upsert writes the legacy key column to, if it does. */
    private static java.util.Optional<String[]> upsertKey(EntityPlan entity, String keyColumn) {
        Matcher insert = INSERT.matcher(entity.upsert());
        if (!insert.find()) {
            return java.util.Optional.empty();
        }
        List<String> columns = names(insert.group(2));
        List<String> values = names(insert.group(3));
        for (Map.Entry<String, RowExpression> field : entity.map().entrySet()) {
            if (!field.getValue().source().strip().equals("row." + keyColumn)) {
                continue;
            }
            int index = values.indexOf(":" + field.getKey());
            if (index >= 0 && index < columns.size()) {
                return java.util.Optional.of(new String[] {UserKey.qualified(insert.group(1)), columns.get(index)});
            }
        }
        return java.util.Optional.empty();
    }

    private static List<String> names(String list) {
        return Arrays.stream(list.split(",")).map(name -> name.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /** Puts the declared owners (an entity's or a rollback step's) over any derived so far; the tables they name. */
    private static Set<String> declared(List<UserKey> keys, String fetch, String path, Map<String, RowOwner> owners,
                                        List<String> problems) {
        Set<String> tables = new LinkedHashSet<>();
        for (UserKey key : keys) {
            java.util.Optional<String> table = key.qualifiedTable(fetch);
            if (table.isEmpty()) {
                problems.add(path + "." + key.path() + ": the fetch names no table (expected: FROM table)");
                continue;
            }
            owners.put(table.get(), RowOwner.declared(key));
            tables.add(table.get());
        }
        return tables;
    }

    /** The legacy tables to capture. */
    Set<String> legacyTables() {
        return new LinkedHashSet<>(legacy.keySet());
    }

    /** The modern tables to capture, with the state schema's ledger, whose writes mark Strangler's transactions. */
    Set<String> modernTables() {
        Set<String> tables = new LinkedHashSet<>(modern.keySet());
        tables.add("strangler.ledger");
        return tables;
    }

    /**
     * The users a row change on a side belongs to by its columns: the owner column's value before and after (a moved
     * row has two). Rows whose owner is a query are found by {@link #query}.
     */
    Set<String> users(String side, RowChange change) {
        Set<String> users = new LinkedHashSet<>();
        RowOwner owner = owners(side).get(change.table());
        String column = owner == null ? null : owner.column();
        if (column == null) {
            return users;
        }
        for (JsonObject row : new JsonObject[] {change.before(), change.after()}) {
            if (row != null && row.getValue(column) != null) {
                users.add(String.valueOf(row.getValue(column)));
            }
        }
        return users;
    }

    /** The query, on the side's database, that finds the users of a changed row of its table, if its owner is one. */
    java.util.Optional<NamedStatement> query(String side, String table) {
        RowOwner owner = owners(side).get(table);
        return owner == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(owner.query());
    }

    private Map<String, RowOwner> owners(String side) {
        return "legacy".equals(side) ? legacy : modern;
    }

    @Override
    public String toString() {
        return "legacy " + legacy + ", modern " + modern + (uncaptured.isEmpty() ? ""
                : ", not captured: " + uncaptured);
    }
}
