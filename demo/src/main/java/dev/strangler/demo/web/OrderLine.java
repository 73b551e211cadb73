package dev.strangler.demo.web;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** One product on an order: price per unit at the time of the order, quantity and discount (0 to under 1). */
public record OrderLine(int productId, String productName, BigDecimal unitPrice, int quantity, BigDecimal discount) {

    /** What this line costs: price times quantity, less the discount, to the cent. */
    public BigDecimal amount() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity))
                .multiply(BigDecimal.ONE.subtract(discount))
                .setScale(2, RoundingMode.HALF_UP);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("productId", productId)
                .put("productName", productName)
                .put("unitPrice", unitPrice)
                .put("quantity", quantity)
                .put("discount", discount);
    }
}
