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
 * How a captured row finds its user, declared by an entity's {@code userKey:} ({@link UserKey}) or derived from the
 * plan (issue 17): on legacy, each entity's {@code fetch} ({@code SELECT * FROM orders WHERE customer_id = $1}: a row
 * of {@code public.orders} belongs to the user in its {@code customer_id}; a joined fetch maps each of its tables
 * through its joins, {@link JoinedFetch}); on modern, each {@code rollback} step's fetch, and each entity's upsert
 * table with the column written from the legacy key ({@code map: {customer_id: row.customer_id}} upserted into
 * {@code customer_order (id, customer_id, ...)}: a row of {@code public.customer_order} belongs to the user in its
 * {@code customer_id}). A declaration wins over a derivation. A statement neither declared nor derivable is not
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
    private final Map<String, String> modern;
    private final List<String> uncaptured;

    private UserKeyColumns(Map<String, RowOwner> legacy, Map<String, String> modern, List<String> uncaptured) {
        this.legacy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(legacy));
        this.modern = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modern));
        this.uncaptured = List.copyOf(uncaptured);
    }

    /** The columns of every table the plan reads on legacy and writes on modern; names the statements it cannot. */
    static UserKeyColumns of(MigrationPlan plan) {
        Map<String, RowOwner> legacy = new LinkedHashMap<>();
        Map<String, String> modern = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (EntityPlan entity : plan.entities()) {
            Set<String> declared = declared(entity, legacy, problems);
            String keyColumn = null;
            Matcher fetch = FETCH.matcher(entity.fetch());
            if (JoinedFetch.joins(entity.fetch())) {
                List<String> unresolved = new ArrayList<>();
                for (Map.Entry<String, RowOwner> owner : JoinedFetch.owners(entity.fetch(), unresolved).entrySet()) {
                    if (!declared.contains(owner.getKey())) {
                        legacy.putIfAbsent(owner.getKey(), owner.getValue());
                    }
                    keyColumn = keyColumn == null ? owner.getValue().column() : keyColumn;
                }
                unresolved.stream().filter(why -> declared.stream().noneMatch(why::startsWith))
                        .forEach(why -> problems.add("migration.entities." + entity.name() + ".fetch: " + why
                                + " (declare it in userKey)"));
            } else if (fetch.find()) {
                keyColumn = fetch.group(2).toLowerCase(Locale.ROOT);
                legacy.putIfAbsent(UserKey.qualified(fetch.group(1)), RowOwner.column(keyColumn));
            } else if (declared.isEmpty()) {
                problems.add("migration.entities." + entity.name() + ".fetch: cannot tell how a row finds its user"
                        + " (expected: FROM table WHERE column = $1, or a userKey declaration)");
            }
            if (keyColumn != null) {
                upsertKey(entity, keyColumn).ifPresent(found -> modern.putIfAbsent(found[0], found[1]));
            }
        }
        for (int i = 0; i < plan.rollback().size(); i++) {
            RollbackStep step = plan.rollback().get(i);
            Matcher fetch = FETCH.matcher(step.fetch());
            if (!fetch.find()) {
                problems.add("migration.rollback[" + i + "].fetch: cannot tell how a row finds its user"
                        + " (expected: FROM table WHERE column = $1)");
                continue;
            }
            modern.put(UserKey.qualified(fetch.group(1)), fetch.group(2).toLowerCase(Locale.ROOT));
        }
        if (legacy.isEmpty()) {
            throw new IllegalArgumentException("migration.entities: no fetch says how a row finds its user, so"
                    + " nothing can be captured (" + String.join("; ", problems) + ")");
        }
        return new UserKeyColumns(legacy, modern, problems);
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

    /** Puts the entity's declared owners over any derived so far; the tables they name. */
    private static Set<String> declared(EntityPlan entity, Map<String, RowOwner> legacy, List<String> problems) {
        Set<String> tables = new LinkedHashSet<>();
        for (UserKey key : entity.userKeys()) {
            java.util.Optional<String> table = key.qualifiedTable(entity.fetch());
            if (table.isEmpty()) {
                problems.add("migration.entities." + entity.name() + "." + key.path() + ": the fetch names no"
                        + " table (expected: FROM table)");
                continue;
            }
            legacy.put(table.get(), RowOwner.declared(key));
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
        String column = "legacy".equals(side) ? ownerColumn(change.table()) : modern.get(change.table());
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

    /** The query on legacy that finds the users of a changed row of this legacy table, if its owner is one. */
    java.util.Optional<NamedStatement> query(String table) {
        RowOwner owner = legacy.get(table);
        return owner == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(owner.query());
    }

    private String ownerColumn(String table) {
        RowOwner owner = legacy.get(table);
        return owner == null ? null : owner.column();
    }

    @Override
    public String toString() {
        return "legacy " + legacy + ", modern " + modern + (uncaptured.isEmpty() ? ""
                : ", not captured: " + uncaptured);
    }
}
