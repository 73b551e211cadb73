package dev.strangler.demo.web;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * An order a customer places: a shipper (optional) and at least one product with a positive quantity. Prices are
 * not part of it; the system takes them from its catalogue.
 *
 * <p>JSON: {@code {"shipperId": 1, "lines": [{"productId": 11, "quantity": 3}]}}; form: {@code shipperId},
 * {@code productId}, {@code quantity} (one line).
 */
public record NewOrder(Integer shipperId, List<Line> lines) {

    /** One product and how many of it. */
    public record Line(int productId, int quantity) {
        public Line {
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity: " + quantity + " (expected: 1 or more)");
            }
        }
    }

    public NewOrder {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("lines: none (expected: at least one product)");
        }
    }

    public static NewOrder fromJson(JsonObject json) {
        JsonArray array = json.getJsonArray("lines", new JsonArray());
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject line = array.getJsonObject(i);
            lines.add(new Line(line.getInteger("productId"), line.getInteger("quantity", 1)));
        }
        return new NewOrder(json.getInteger("shipperId"), lines);
    }

    public static NewOrder fromForm(MultiMap form) {
        String shipper = form.get("shipperId");
        return new NewOrder(shipper == null || shipper.isBlank() ? null : Integer.valueOf(shipper),
                List.of(new Line(Integer.parseInt(form.get("productId")),
                        Integer.parseInt(form.get("quantity") == null ? "1" : form.get("quantity")))));
    }
}
