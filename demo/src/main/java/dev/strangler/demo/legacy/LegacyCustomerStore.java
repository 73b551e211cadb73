package dev.strangler.demo.legacy;

import dev.strangler.demo.web.ContactDetails;
import dev.strangler.demo.web.CustomerProfile;
import dev.strangler.demo.web.CustomerStore;
import dev.strangler.demo.web.BatchCounts;
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
 * The legacy application's data access, on the Northwind schema as it is: one wide {@code customers} row (no
 * e-mail), {@code real} money, and order ids allocated as {@code max + 1} under a table lock, the way the old
 * application always did it.
 */
final class LegacyCustomerStore implements CustomerStore {

    private static final String PROFILE = """
            SELECT customer_id, company_name, contact_name, contact_title, phone, fax, address, city, region,
                   postal_code, country
            FROM customers WHERE customer_id = $1""";

    private static final String UPDATE_CONTACT = """
            UPDATE customers SET contact_name = $2, contact_title = $3, phone = $4, fax = $5, address = $6,
                   city = $7, region = $8, postal_code = $9, country = $10
            WHERE customer_id = $1""";

    private static final String ORDERS = """
            SELECT o.order_id, o.order_date AS ordered_on, o.required_date AS required_on,
                   o.shipped_date AS shipped_on, s.company_name AS shipper, o.freight::numeric(10, 2) AS freight,
                   d.product_id, p.product_name, d.unit_price::numeric(10, 2) AS unit_price, d.quantity,
                   d.discount::numeric(4, 3) AS discount
            FROM orders o
            LEFT JOIN shippers s ON s.shipper_id = o.ship_via
            LEFT JOIN order_details d ON d.order_id = o.order_id
            LEFT JOIN products p ON p.product_id = d.product_id
            WHERE o.customer_id = $1 %s
            ORDER BY o.order_date DESC, o.order_id DESC, d.product_id""";

    private static final String NEW_ORDER = """
            INSERT INTO orders (order_id, customer_id, order_date, required_date, ship_via, freight, ship_name,
                                ship_address, ship_city, ship_region, ship_postal_code, ship_country)
            SELECT (SELECT coalesce(max(order_id), 0) + 1 FROM orders), customer_id, $2, $3, $4, 0, company_name,
                   address, city, region, postal_code, country
            FROM customers WHERE customer_id = $1
            RETURNING order_id""";

    private static final String NEW_LINE = """
            INSERT INTO order_details (order_id, product_id, unit_price, quantity, discount)
            SELECT $1, product_id, unit_price, $3, 0 FROM products WHERE product_id = $2 AND discontinued = 0""";

    private static final String PRODUCTS = """
            SELECT product_id, product_name, unit_price::numeric(10, 2) AS unit_price
            FROM products WHERE discontinued = 0 ORDER BY product_name""";

    private final Pool pool;
    private final Clock clock;

    LegacyCustomerStore(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public Future<Optional<CustomerProfile>> profile(String customerId) {
        return pool.preparedQuery(PROFILE).execute(Tuple.of(customerId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(profile(rows.iterator().next())));
    }

    private static CustomerProfile profile(Row row) {
        return new CustomerProfile(row.getString("customer_id"), row.getString("company_name"),
                new ContactDetails(row.getString("contact_name"), row.getString("contact_title"), null,
                        row.getString("phone"), row.getString("fax"), row.getString("address"),
                        row.getString("city"), row.getString("region"), row.getString("postal_code"),
                        row.getString("country")));
    }

    @Override
    public Future<Optional<CustomerProfile>> updateContact(String customerId, ContactDetails c) {
        Tuple values = Tuple.of(customerId, c.name(), c.title(), c.phone(), c.fax(), c.street())
                .addValue(c.city()).addValue(c.region()).addValue(c.postalCode()).addValue(c.country());
        return pool.preparedQuery(UPDATE_CONTACT).execute(values)
                .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture(Optional.empty())
                        : profile(customerId));
    }

    @Override
    public Future<List<Order>> orders(String customerId) {
        return pool.preparedQuery(ORDERS.formatted("")).execute(Tuple.of(customerId)).map(OrderRows::orders);
    }

    @Override
    public Future<Optional<Order>> placeOrder(String customerId, NewOrder order) {
        LocalDate today = LocalDate.now(clock);
        return pool.withTransaction(connection -> connection
                .query("LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE").execute()
                .compose(locked -> connection.preparedQuery(NEW_ORDER)
                        .execute(Tuple.of(customerId, today, today.plusDays(28), order.shipperId())))
                .compose(inserted -> inserted.size() == 0 ? Future.succeededFuture(Optional.<Order>empty())
                        : addLines(connection, customerId, inserted.iterator().next().getInteger("order_id"), order)));
    }

    private Future<Optional<Order>> addLines(SqlConnection connection, String customerId, int orderId,
                                             NewOrder order) {
        List<Tuple> lines = new ArrayList<>();
        order.lines().forEach(line -> lines.add(Tuple.of(orderId, line.productId(), line.quantity())));
        return connection.preparedQuery(NEW_LINE).executeBatch(lines)
                .compose(added -> BatchCounts.requireAll(added, order))
                .compose(added -> connection.preparedQuery(ORDERS.formatted("AND o.order_id = $2"))
                        .execute(Tuple.of(customerId, orderId)))
                .map(rows -> OrderRows.orders(rows).stream().findFirst());
    }

    @Override
    public Future<List<Product>> products() {
        return pool.preparedQuery(PRODUCTS).execute().map(rows -> {
            List<Product> products = new ArrayList<>();
            rows.forEach(row -> products.add(new Product(row.getInteger("product_id"), row.getString("product_name"),
                    row.getBigDecimal("unit_price"))));
            return products;
        });
    }
}
