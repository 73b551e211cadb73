package dev.strangler.demo.web;

import io.vertx.core.json.JsonObject;

/**
 * A customer as both sample systems show it, whatever their schema: the Northwind key, the company, its contact
 * and its billing address. {@code email} is null on legacy, whose schema has no e-mail.
 */
public record CustomerProfile(String id, String companyName, ContactDetails contact) {

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("companyName", companyName).put("contact", contact.toJson());
    }
}
