package dev.strangler.migrator.draft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tables a draft plan moves per user: from the root table outwards along foreign keys. A table that references
 * a reached table (one-to-many: a customer's orders, an order's lines) is the user's own data and becomes an
 * entity, up to {@code depth} hops from the root; each table is reached once, by its shortest path, so cycles and
 * self-references end there. A table a reached table references (many-to-one: an order's shipper) is shared
 * reference data: it is named, not moved per user. Tables no foreign key links but that have a column named like
 * the root key are named too, as candidates someone should look at.
 *
 * @param root       the root table
 * @param key        the root's user key column
 * @param owned      the root and every table reached one-to-many, parents before children
 * @param references shared tables the owned ones reference, as {@code orders.ship_via -> shippers}
 * @param unlinked   tables with a column named like the key but no foreign key path
 */
record EntityGraph(CatalogueTable root, String key, List<Reached> owned, List<String> references,
                   List<String> unlinked) {

    /**
     * One table the user owns rows of, and how it joins back to the root.
     *
     * @param table the table
     * @param path  the foreign keys from the root's child down to this table (empty for the root itself); each
     *              hop's {@code child} references the previous hop's table
     */
    record Reached(CatalogueTable table, List<Hop> path) {
    }

    /** {@code child}'s foreign key {@code key} references the table one step nearer the root. */
    record Hop(CatalogueTable child, CatalogueTable.ForeignKey key) {
    }

    static EntityGraph of(List<CatalogueTable> tables, String rootName, String keyColumn, int depth) {
        Map<String, CatalogueTable> byName = new LinkedHashMap<>();
        tables.forEach(table -> byName.put(table.name(), table));
        CatalogueTable root = byName.get(rootName);
        if (root == null) {
            throw new IllegalArgumentException("--root " + rootName + ": no such table (tables: "
                    + String.join(", ", byName.keySet()) + ")");
        }
        String key = keyColumn != null ? keyColumn : root.primaryKey().size() == 1 ? root.primaryKey().get(0) : null;
        if (key == null) {
            throw new IllegalArgumentException("--key: " + rootName + " has no single-column primary key; name the "
                    + "user key column with --key");
        }
        if (root.column(key).isEmpty()) {
            throw new IllegalArgumentException("--key " + key + ": no such column in " + rootName);
        }
        Map<String, Reached> reached = new LinkedHashMap<>();
        reached.put(root.name(), new Reached(root, List.of()));
        Deque<Reached> queue = new ArrayDeque<>(reached.values());
        while (!queue.isEmpty()) {
            Reached parent = queue.removeFirst();
            if (parent.path().size() >= depth) {
                continue;
            }
            for (CatalogueTable child : tables) {
                for (CatalogueTable.ForeignKey fk : child.foreignKeys()) {
                    if (fk.referencedTable().equals(parent.table().name()) && !reached.containsKey(child.name())) {
                        List<Hop> path = new ArrayList<>(parent.path());
                        path.add(new Hop(child, fk));
                        Reached next = new Reached(child, List.copyOf(path));
                        reached.put(child.name(), next);
                        queue.addLast(next);
                    }
                }
            }
        }
        List<String> references = new ArrayList<>();
        for (Reached owned : reached.values()) {
            for (CatalogueTable.ForeignKey fk : owned.table().foreignKeys()) {
                if (!reached.containsKey(fk.referencedTable())) {
                    references.add(owned.table().name() + "." + String.join(", ", fk.columns()) + " -> "
                            + fk.referencedTable());
                }
            }
        }
        List<String> unlinked = new ArrayList<>();
        for (CatalogueTable table : tables) {
            if (!reached.containsKey(table.name()) && table.column(key).isPresent()) {
                unlinked.add(table.name() + "." + key);
            }
        }
        return new EntityGraph(root, key, List.copyOf(reached.values()), references, unlinked);
    }

    EntityGraph {
        Objects.requireNonNull(root, "root");
        owned = List.copyOf(owned);
        references = List.copyOf(references);
        unlinked = List.copyOf(unlinked);
    }
}
