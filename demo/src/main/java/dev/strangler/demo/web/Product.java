package dev.strangler.demo.web;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/** A product customers can order, from the system's own catalogue. */
public record Product(int id, String name, BigDecimal unitPrice) {

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("name", name).put("unitPrice", unitPrice);
    }
}
