package dev.strangler.demo.modern;

import dev.strangler.demo.web.BatchCounts;
import dev.strangler.demo.web.ContactDetails;
import dev.strangler.demo.web.CustomerProfile;
import dev.strangler.demo.web.CustomerStore;
import dev.strangler.demo.web.NewOrder;
import dev.strangler.demo.web.Order;
import dev.strangler.demo.web.OrderRows;
import dev.strangler.demo.web.Product;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The modern application's data access, on the schema in {@code modern/schema.sql}: contact and address in their
 * own tables, numeric money, order ids from a sequence. Its constraints, not this code, decide what is valid.
 */
final class ModernCustomerStore implements CustomerStore {

    private static final String PROFILE = """
            SELECT c.id, c.company_name, k.name, k.title, k.email, k.phone, k.fax, a.street, a.city, a.region,
                   a.postal_code, a.country
            FROM customer c
            LEFT JOIN contact k ON k.customer_id = c.id
            LEFT JOIN address a ON a.customer_id = c.id
            WHERE c.id = $1""";

    private static final String TOUCH = "UPDATE customer SET updated_at = now() WHERE id = $1";

    private static final String UPSERT_CONTACT = """
            INSERT INTO contact (customer_id, name, title, email, phone, fax) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (customer_id) DO UPDATE SET name = EXCLUDED.name, title = EXCLUDED.title,
                email = EXCLUDED.email, phone = EXCLUDED.phone, fax = EXCLUDED.fax""";

    private static final String UPSERT_ADDRESS = """
            INSERT INTO address (customer_id, street, city, region, postal_code, country)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (customer_id) DO UPDATE SET street = EXCLUDED.street, city = EXCLUDED.city,
                region = EXCLUDED.region, postal_code = EXCLUDED.postal_code, country = EXCLUDED.country""";

    private static final String ORDERS = """
            SELECT o.id AS order_id, o.ordered_on, o.required_on, o.shipped_on, s.name AS shipper, o.freight,
                   l.product_id, p.name AS product_name, l.unit_price, l.quantity, l.discount
            FROM customer_order o
            LEFT JOIN shipper s ON s.id = o.shipper_id
            LEFT JOIN order_line l ON l.order_id = o.id
            LEFT JOIN product p ON p.id = l.product_id
            WHERE o.customer_id = $1 %s
            ORDER BY o.ordered_on DESC, o.id DESC, l.product_id""";

    private static final String NEW_ORDER = """
            INSERT INTO customer_order (customer_id, ordered_on, required_on, shipper_id, ship_name, ship_street,
                                        ship_city, ship_region, ship_postal_code, ship_country)
            SELECT c.id, $2, $3, $4, c.company_name, a.street, a.city, a.region, a.postal_code, a.country
            FROM customer c JOIN address a ON a.customer_id = c.id
            WHERE c.id = $1
            RETURNING id""";

    private static final String NEW_LINE = """
            INSERT INTO order_line (order_id, product_id, unit_price, quantity)
            SELECT $1, id, unit_price, $3 FROM product WHERE id = $2 AND NOT discontinued""";

    private static final String PRODUCTS =
            "SELECT id, name, unit_price FROM product WHERE NOT discontinued ORDER BY name";

    private final Pool pool;
    private final Clock clock;

    ModernCustomerStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public Future<Optional<CustomerProfile>> profile(String customerId) {
        return pool.preparedQuery(PROFILE).execute(Tuple.of(customerId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(profile(rows.iterator().next())));
    }

    private static CustomerProfile profile(Row row) {
        return new CustomerProfile(row.getString("id"), row.getString("company_name"),
                new ContactDetails(row.getString("name"), row.getString("title"), row.getString("email"),
                        row.getString("phone"), row.getString("fax"), row.getString("street"),
                        row.getString("city"), row.getString("region"), row.getString("postal_code"),
                        row.getString("country")));
    }

    @Override
    public Future<Optional<CustomerProfile>> updateContact(String customerId, ContactDetails c) {
        Future<Boolean> updated = pool.withTransaction(connection -> connection.preparedQuery(TOUCH)
                .execute(Tuple.of(customerId))
                .compose(touched -> touched.rowCount() == 0 ? Future.succeededFuture(false)
                        : connection.preparedQuery(UPSERT_CONTACT)
                                .execute(Tuple.of(customerId, c.name(), c.title(), c.email(), c.phone(), c.fax()))
                                .compose(contact -> connection.preparedQuery(UPSERT_ADDRESS).execute(Tuple.of(
                                        customerId, c.street(), c.city(), c.region(), c.postalCode(), c.country())))
                                .map(true)));
        return updated.compose(found -> found ? profile(customerId) : Future.succeededFuture(Optional.empty()));
    }

    @Override
    public Future<List<Order>> orders(String customerId) {
        return pool.preparedQuery(ORDERS.formatted("")).execute(Tuple.of(customerId)).map(OrderRows::orders);
    }

    @Override
    public Future<Optional<Order>> placeOrder(String customerId, NewOrder order) {
        LocalDate today = LocalDate.now(clock);
        return pool.withTransaction(connection -> connection.preparedQuery(NEW_ORDER)
                .execute(Tuple.of(customerId, today, today.plusDays(28), order.shipperId()))
                .compose(inserted -> inserted.size() == 0 ? Future.succeededFuture(Optional.<Order>empty())
                        : addLines(connection, customerId, inserted.iterator().next().getInteger("id"), order)));
    }

    private Future<Optional<Order>> addLines(SqlConnection connection, String customerId, int orderId,
                                             NewOrder order) {
        List<Tuple> lines = new ArrayList<>();
        order.lines().forEach(line -> lines.add(Tuple.of(orderId, line.productId(), line.quantity())));
        return connection.preparedQuery(NEW_LINE).executeBatch(lines)
                .compose(added -> BatchCounts.requireAll(added, order))
                .compose(added -> connection.preparedQuery(ORDERS.formatted("AND o.id = $2"))
                        .execute(Tuple.of(customerId, orderId)))
                .map(rows -> OrderRows.orders(rows).stream().findFirst());
    }

    @Override
    public Future<List<Product>> products() {
        return pool.preparedQuery(PRODUCTS).execute().map(rows -> {
            List<Product> products = new ArrayList<>();
            rows.forEach(row -> products.add(
                    new Product(row.getInteger("id"), row.getString("name"), row.getBigDecimal("unit_price"))));
            return products;
        });
    }
}
