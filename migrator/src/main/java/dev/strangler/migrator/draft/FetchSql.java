package dev.strangler.migrator.draft;

import java.util.ArrayList;
import java.util.List;

/**
 * A draft entity's {@code fetch}: the table's columns, joined back along its foreign keys to the root's user key.
 * The table is {@code t0}, the tables nearer the root {@code t1}, {@code t2}, ...; the root is joined only when the
 * last foreign key does not reference the user key column itself. Rows come in primary-key order.
 *
 * <pre>
 * SELECT t0.order_id, t0.product_id, t0.unit_price, t0.quantity, t0.discount
 * FROM order_details t0
 * JOIN orders t1 ON t0.order_id = t1.order_id
 * WHERE t1.customer_id = $1
 * ORDER BY t0.order_id, t0.product_id
 * </pre>
 */
final class FetchSql {

    private FetchSql() {
    }

    static String of(Catalogue sql, EntityGraph graph, EntityGraph.Reached reached) {
        CatalogueTable table = reached.table();
        List<String> columns = new ArrayList<>();
        table.columns().forEach(column -> columns.add("t0." + sql.quote(column.name())));
        StringBuilder text = new StringBuilder(SqlList.of("SELECT ", columns, 2) + "\nFROM "
                + sql.quote(table.name()) + " t0");
        List<EntityGraph.Hop> path = reached.path();
        String where = "t0." + sql.quote(graph.key());
        int n = path.size();
        for (int i = n - 1; i >= 0; i--) {
            EntityGraph.Hop hop = path.get(i);
            String child = "t" + (n - 1 - i);
            String parent = "t" + (n - i);
            if (i == 0 && hop.key().referencedColumns().equals(List.of(graph.key()))) {
                where = child + "." + sql.quote(hop.key().columns().get(0));
                break;
            }
            CatalogueTable parentTable = i == 0 ? graph.root() : path.get(i - 1).child();
            List<String> on = new ArrayList<>();
            for (int c = 0; c < hop.key().columns().size(); c++) {
                on.add(child + "." + sql.quote(hop.key().columns().get(c)) + " = " + parent + "."
                        + sql.quote(hop.key().referencedColumns().get(c)));
            }
            text.append("\nJOIN ").append(sql.quote(parentTable.name())).append(' ').append(parent).append(" ON ")
                    .append(String.join(" AND ", on));
            where = parent + "." + sql.quote(graph.key());
        }
        text.append("\nWHERE ").append(where).append(" = ").append(sql.userKey());
        if (!path.isEmpty() && !table.primaryKey().isEmpty()) {
            List<String> order = new ArrayList<>();
            table.primaryKey().forEach(column -> order.add("t0." + sql.quote(column)));
            text.append("\nORDER BY ").append(String.join(", ", order));
        }
        return text.toString();
    }
}
