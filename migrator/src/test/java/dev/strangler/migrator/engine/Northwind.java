package dev.strangler.migrator.engine;

import dev.strangler.config.Cardinality;
import dev.strangler.config.DatabaseUrl;
import dev.strangler.config.EntityPlan;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.ValidationRule;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The test Northwind: schemas, a plan over them, and small helpers to start engines and read tables. */
final class Northwind {

    static final ValidationRule COMPANY_NAME = new ValidationRule(
            Expr.of("row.company_name.size() > 0", row -> !((String) row.get("company_name")).isEmpty()),
            "company name is empty", "company_name");
    static final ValidationRule COUNTRY = new ValidationRule(
            Expr.of("row.country != null", row -> row.get("country") != null), "country is missing", "country");
    static final ValidationRule FREIGHT = new ValidationRule(
            Expr.of("row.freight >= 0", row -> ((BigDecimal) row.get("freight")).signum() >= 0),
            "freight is negative", "freight");
    static final ValidationRule QUANTITY = new ValidationRule(
            Expr.of("row.quantity > 0", row -> ((Number) row.get("quantity")).intValue() > 0),
            "quantity must be positive", "quantity");

    private Northwind() {
    }

    static void createSchemas(TestDatabase legacy, TestDatabase modern) throws Exception {
        run(legacy, resource("northwind/legacy.sql"));
        run(modern, resource("northwind/modern.sql"));
    }

    static DatabaseUrl url(TestDatabase db) {
        return new DatabaseUrl(db.host(), db.port(), db.database(), db.user(),
                db.password().isEmpty() ? null : db.password(), Map.of());
    }

    static MigrationPlan plan(TestDatabase legacy, TestDatabase modern) {
        return plan(url(legacy), url(modern), Duration.ofSeconds(5), List.of(COMPANY_NAME, COUNTRY));
    }

    static MigrationPlan plan(DatabaseUrl legacy, DatabaseUrl modern, Duration timeout,
                              List<ValidationRule> customerRules) {
        Map<String, dev.strangler.config.RowExpression> customer = new LinkedHashMap<>();
        customer.put("id", Expr.field("customer_id"));
        customer.put("name", Expr.of("row.company_name.trim()", row -> ((String) row.get("company_name")).trim()));
        customer.put("contact", Expr.field("contact_name"));
        customer.put("country", Expr.field("country"));
        customer.put("since", Expr.field("customer_since"));
        Map<String, dev.strangler.config.RowExpression> order = new LinkedHashMap<>();
        order.put("id", Expr.field("order_id"));
        order.put("customer_id", Expr.field("customer_id"));
        order.put("ordered_at", Expr.field("order_date"));
        order.put("freight", Expr.field("freight"));
        Map<String, dev.strangler.config.RowExpression> line = new LinkedHashMap<>();
        line.put("order_id", Expr.field("order_id"));
        line.put("product_id", Expr.field("product_id"));
        line.put("unit_price", Expr.of("double(row.unit_price)", row -> ((Number) row.get("unit_price")).doubleValue()));
        line.put("quantity", Expr.field("quantity"));
        List<EntityPlan> entities = List.of(
                new EntityPlan("customer", Cardinality.ONE,
                        "SELECT customer_id, company_name, contact_name, country, customer_since"
                                + " FROM customers WHERE customer_id = $1",
                        "customer_id", customerRules, customer,
                        "INSERT INTO customer (id, name, contact, country, since)"
                                + " VALUES (:id, :name, :contact, :country, :since)"
                                + " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, contact = EXCLUDED.contact,"
                                + " country = EXCLUDED.country, since = EXCLUDED.since"),
                new EntityPlan("orders", Cardinality.MANY,
                        "SELECT order_id, customer_id, order_date, freight FROM orders"
                                + " WHERE customer_id = $1 AND fault_delay($1) ORDER BY order_id",
                        "order_id", List.of(FREIGHT), order,
                        "INSERT INTO customer_order (id, customer_id, ordered_at, freight)"
                                + " VALUES (:id, :customer_id, :ordered_at, :freight)"
                                + " ON CONFLICT (id) DO UPDATE SET ordered_at = EXCLUDED.ordered_at,"
                                + " freight = EXCLUDED.freight"),
                new EntityPlan("order_lines", Cardinality.MANY,
                        "SELECT d.order_id, d.product_id, d.unit_price, d.quantity FROM order_details d"
                                + " JOIN orders o USING (order_id) WHERE o.customer_id = $1 ORDER BY 1, 2",
                        null, List.of(QUANTITY), line,
                        "INSERT INTO order_line (order_id, product_id, unit_price, quantity)"
                                + " VALUES (:order_id, :product_id, :unit_price, :quantity)"
                                + " ON CONFLICT (order_id, product_id) DO UPDATE SET unit_price = EXCLUDED.unit_price,"
                                + " quantity = EXCLUDED.quantity"));
        return new MigrationPlan(legacy, modern, timeout, Duration.ofMinutes(10),
                "SELECT customer_id FROM customers ORDER BY customer_id", entities,
                "UPDATE customers SET migrated_at = now() WHERE customer_id = $1 AND fault_refuse($1)",
                List.of(), "UPDATE customers SET migrated_at = NULL WHERE customer_id = $1",
                "test-plan-" + customerRules.size());
    }

    static Migrator start(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        return await(Migrator.start(vertx, plan, settings));
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /** Every row of a query, column name to value as JDBC returns it. */
    static List<Map<String, Object>> rows(TestDatabase db, String sql) {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    static long count(TestDatabase db, String sql) {
        return ((Number) rows(db, sql).get(0).values().iterator().next()).longValue();
    }

    static void run(TestDatabase db, String sql) {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Northwind.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
