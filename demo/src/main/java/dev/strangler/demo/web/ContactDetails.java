package dev.strangler.demo.web;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * The contact details a customer can change: the person, how to reach them, and the billing address. Read from a
 * JSON body ({@code PUT /api/customers/{id}/contact}) or a form ({@code POST /customers/{id}/contact}) with the
 * same field names; blank values become null.
 */
public record ContactDetails(String name, String title, String email, String phone, String fax, String street,
                             String city, String region, String postalCode, String country) {

    static final String[] FIELDS =
            {"name", "title", "email", "phone", "fax", "street", "city", "region", "postalCode", "country"};

    public static ContactDetails fromJson(JsonObject json) {
        return from(field -> json.getValue(field) == null ? null : String.valueOf(json.getValue(field)));
    }

    public static ContactDetails fromForm(MultiMap form) {
        return from(form::get);
    }

    private static ContactDetails from(Function<String, String> field) {
        Function<String, String> value = name -> {
            String raw = field.apply(name);
            return raw == null || raw.isBlank() ? null : raw.strip();
        };
        return new ContactDetails(value.apply("name"), value.apply("title"), value.apply("email"),
                value.apply("phone"), value.apply("fax"), value.apply("street"), value.apply("city"),
                value.apply("region"), value.apply("postalCode"), value.apply("country"));
    }

    /** The field's value by its JSON/form name, for rendering forms. */
    public String field(String name) {
        return switch (name) {
            case "name" -> name();
            case "title" -> title;
            case "email" -> email;
            case "phone" -> phone;
            case "fax" -> fax;
            case "street" -> street;
            case "city" -> city;
            case "region" -> region;
            case "postalCode" -> postalCode;
            case "country" -> country;
            default -> throw new IllegalArgumentException("field: " + name + " (expected: one of contact's fields)");
        };
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        for (String name : FIELDS) {
            json.put(name, field(name));
        }
        return json;
    }
}
