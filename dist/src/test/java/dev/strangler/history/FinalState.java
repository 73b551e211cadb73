package dev.strangler.history;

import dev.strangler.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What both systems and the ledger hold once the history is over, read straight from the databases (not through
 * the applications, which could hide a row).
 *
 * @param states        each user's state in {@code strangler.user_state}
 * @param pins          each pinned user's pin
 * @param legacyTitles  each customer's contact title in legacy, trimmed
 * @param modernTitles  each migrated customer's contact title in modern, trimmed
 * @param legacyOrders  every legacy order: its customer and its lines ({@code productxquantity})
 * @param modernOrders  the same in modern
 * @param ledger        each user's ledger entries in id order
 */
record FinalState(Map<String, String> states, Map<String, String> pins, Map<String, String> legacyTitles,
                  Map<String, String> modernTitles, Map<Long, PlacedOrder> legacyOrders, Map<Long, PlacedOrder> modernOrders,
                  Map<String, List<LedgerLine>> ledger) {

    /** An order as a database holds it. */
    record PlacedOrder(String customer, Set<String> lines) {
    }

    /** One ledger entry, as much of it as explains a history. */
    record LedgerLine(long id, String outcome, String trigger, long startedMillis, long finishedMillis,
                      String instance, String errors) {
        @Override
        public String toString() {
            return "#" + id + " " + outcome + " (" + trigger + ", " + instance + ", started " + startedMillis
                    + ", " + (finishedMillis - startedMillis) + " ms)" + ("[]".equals(errors) ? "" : " " + errors);
        }
    }

    static FinalState read(TestDatabase legacy, TestDatabase modern) throws SQLException {
        try (Connection l = legacy.connect(); Connection m = modern.connect()) {
            return new FinalState(
                    strings(m, "SELECT user_key, state FROM strangler.user_state"),
                    strings(m, "SELECT user_key, pin FROM strangler.user_state WHERE pin IS NOT NULL"),
                    strings(l, "SELECT customer_id, contact_title FROM customers"),
                    strings(m, "SELECT customer_id, title FROM contact"),
                    orders(l, "SELECT o.order_id, o.customer_id, d.product_id || 'x' || d.quantity FROM orders o"
                            + " LEFT JOIN order_details d ON d.order_id = o.order_id"),
                    orders(m, "SELECT o.id, o.customer_id, l.product_id || 'x' || l.quantity FROM customer_order o"
                            + " LEFT JOIN order_line l ON l.order_id = o.id"),
                    ledger(m));
        }
    }

    /** The side a user's data lives on: modern once migrated, legacy otherwise. */
    String ownerOf(String user) {
        return "MIGRATED".equals(states.get(user)) ? "modern" : "legacy";
    }

    String titleOf(String user) {
        return UserPool.trimmed(("modern".equals(ownerOf(user)) ? modernTitles : legacyTitles).get(user));
    }

    PlacedOrder orderOf(String user, long id) {
        return ("modern".equals(ownerOf(user)) ? modernOrders : legacyOrders).get(id);
    }

    private static Map<String, String> strings(Connection connection, String sql) throws SQLException {
        Map<String, String> values = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.put(rows.getString(1).trim(), rows.getString(2));
            }
        }
        return values;
    }

    private static Map<Long, PlacedOrder> orders(Connection connection, String sql) throws SQLException {
        Map<Long, PlacedOrder> orders = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                PlacedOrder order = orders.computeIfAbsent(rows.getLong(1),
                        id -> new PlacedOrder(trimmedKey(rows), new HashSet<>()));
                if (rows.getString(3) != null) {
                    order.lines().add(rows.getString(3));
                }
            }
        }
        return orders;
    }

    private static String trimmedKey(ResultSet rows) {
        try {
            return rows.getString(2) == null ? null : rows.getString(2).trim();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<LedgerLine>> ledger(Connection connection) throws SQLException {
        Map<String, List<LedgerLine>> ledger = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("""
                SELECT id, user_key, outcome, trigger, (extract(epoch FROM started_at) * 1000)::bigint,
                       (extract(epoch FROM finished_at) * 1000)::bigint, instance_id, errors::text
                FROM strangler.ledger ORDER BY id""")) {
            while (rows.next()) {
                ledger.computeIfAbsent(rows.getString(2), user -> new ArrayList<>()).add(new LedgerLine(
                        rows.getLong(1), rows.getString(3), rows.getString(4), rows.getLong(5), rows.getLong(6),
                        rows.getString(7), rows.getString(8)));
            }
        }
        return ledger;
    }
}
