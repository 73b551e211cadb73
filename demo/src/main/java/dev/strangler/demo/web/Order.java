package dev.strangler.demo.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** An order with its lines, as both sample systems show it. {@code shippedOn} is null while the order is open. */
public record Order(int id, LocalDate orderedOn, LocalDate requiredOn, LocalDate shippedOn, String shipper,
                    BigDecimal freight, List<OrderLine> lines) {

    public Order {
        lines = List.copyOf(lines);
    }

    /** The goods' value after discounts, without freight. */
    public BigDecimal total() {
        return lines.stream().map(OrderLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public JsonObject toJson() {
        JsonArray lineArray = new JsonArray();
        lines.forEach(line -> lineArray.add(line.toJson()));
        return new JsonObject()
                .put("id", id)
                .put("orderedOn", String.valueOf(orderedOn))
                .put("requiredOn", requiredOn == null ? null : requiredOn.toString())
                .put("shippedOn", shippedOn == null ? null : shippedOn.toString())
                .put("shipper", shipper)
                .put("freight", freight)
                .put("total", total())
                .put("lines", lineArray);
    }
}
