package dev.strangler.history;

import dev.strangler.testkit.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The users of a history and what a client needs to act as one, read from the generated legacy database before it
 * starts: each customer's contact details (a contact write sends them back unchanged but for the title, so that no
 * write makes a valid customer invalid or the other way round) and the products on sale in both systems.
 *
 * @param users      every customer key, in an order shuffled by the seed
 * @param contacts   each customer's contact body, as {@code PUT /api/customers/{id}/contact} takes it
 * @param titles     each customer's contact title before the history, trimmed (null when none)
 * @param products   ids of products on sale
 */
record UserPool(List<String> users, Map<String, JsonObject> contacts, Map<String, String> titles,
                List<Integer> products) {

    static UserPool read(TestDatabase legacy, long seed) throws SQLException {
        Map<String, JsonObject> contacts = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        List<Integer> products = new ArrayList<>();
        try (Connection connection = legacy.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("""
                    SELECT customer_id, contact_name, contact_title, email, phone, fax, address, city, region,
                           postal_code, country
                    FROM customers ORDER BY customer_id""")) {
                while (rows.next()) {
                    String email = rows.getString("email");
                    contacts.put(rows.getString("customer_id"), new JsonObject()
                            .put("name", rows.getString("contact_name"))
                            // Modern keeps the address as the plan maps it (trimmed, lower case); legacy ignores it.
                            .put("email", email == null ? null : email.trim().toLowerCase(Locale.ROOT))
                            .put("phone", rows.getString("phone")).put("fax", rows.getString("fax"))
                            .put("street", rows.getString("address")).put("city", rows.getString("city"))
                            .put("region", rows.getString("region")).put("postalCode", rows.getString("postal_code"))
                            .put("country", rows.getString("country")));
                    titles.put(rows.getString("customer_id"), trimmed(rows.getString("contact_title")));
                }
            }
            try (ResultSet rows = statement.executeQuery(
                    "SELECT product_id FROM products WHERE discontinued = 0 ORDER BY product_id")) {
                while (rows.next()) {
                    products.add(rows.getInt(1));
                }
            }
        }
        List<String> users = new ArrayList<>(contacts.keySet());
        Collections.shuffle(users, new Random(seed));
        return new UserPool(List.copyOf(users), Map.copyOf(contacts), Collections.unmodifiableMap(titles),
                List.copyOf(products));
    }

    /** The users client {@code client} of {@code clients} acts for: no two clients share a user. */
    List<String> shareOf(int client, int clients) {
        List<String> share = new ArrayList<>();
        for (int i = client; i < users.size(); i += clients) {
            share.add(users.get(i));
        }
        return share;
    }

    static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
