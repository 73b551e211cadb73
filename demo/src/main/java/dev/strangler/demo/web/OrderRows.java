package dev.strangler.demo.web;

import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the rows of an orders-joined-with-lines query into {@link Order}s. Both stores alias their columns to the
 * same names ({@code order_id, ordered_on, required_on, shipped_on, shipper, freight, product_id, product_name,
 * unit_price, quantity, discount}, money and discounts as numeric), so one reading serves both schemas.
 */
public final class OrderRows {

    private OrderRows() {
    }

    public static List<Order> orders(Iterable<Row> rows) {
        Map<Integer, Row> heads = new LinkedHashMap<>();
        Map<Integer, List<OrderLine>> lines = new LinkedHashMap<>();
        for (Row row : rows) {
            int id = row.getInteger("order_id");
            heads.putIfAbsent(id, row);
            List<OrderLine> orderLines = lines.computeIfAbsent(id, key -> new ArrayList<>());
            if (row.getValue("product_id") != null) {
                orderLines.add(new OrderLine(row.getInteger("product_id"), row.getString("product_name"),
                        row.getBigDecimal("unit_price"), row.getInteger("quantity"), row.getBigDecimal("discount")));
            }
        }
        List<Order> orders = new ArrayList<>();
        heads.forEach((id, row) -> orders.add(new Order(id, row.getLocalDate("ordered_on"),
                row.getLocalDate("required_on"), row.getLocalDate("shipped_on"), row.getString("shipper"),
                row.getBigDecimal("freight"), lines.get(id))));
        return orders;
    }
}
