package dev.strangler.demo.generator;

import dev.strangler.demo.SqlScript;
import dev.strangler.demo.legacy.NorthwindDatabase;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Fills an empty PostgreSQL database with a large, messy legacy data set: the Northwind schema and reference data,
 * grown as a twenty-year-old legacy database grows ({@code generator/before-copy.sql}), and N synthetic customers
 * with their orders and lines, spoiled at the configured {@link DefectRates}. This is what audits, backfills and
 * scale benchmarks run on.
 *
 * <p>Rows stream to the server through three concurrent {@code COPY ... FROM STDIN} (one per table, one
 * connection each), while this thread generates; keys and foreign keys are built once at the end. The same seed
 * always produces the same bytes.
 */
public final class MessyDataGenerator {

    /** Connections to the database being filled; called once per connection the generator needs. */
    public interface ConnectionSource {
        Connection connect() throws SQLException;
    }

    private static final String COPY_CUSTOMERS = "COPY customers (customer_id, company_name, contact_name, "
            + "contact_title, address, city, region, postal_code, country, phone, fax, email, customer_since) "
            + "FROM STDIN";
    private static final String COPY_ORDERS = "COPY orders (order_id, customer_id, employee_id, order_date, "
            + "required_date, shipped_date, ship_via, freight, ship_name, ship_address, ship_city, ship_region, "
            + "ship_postal_code, ship_country) FROM STDIN";
    private static final String COPY_LINES =
            "COPY order_details (order_id, product_id, unit_price, quantity, discount) FROM STDIN";

    /** Generated order ids start here: above Northwind's (11077) and the modern system's range (20000-32767). */
    public static final long FIRST_ORDER_ID = 100_000;

    private final ConnectionSource database;
    private final Clock clock;

    public MessyDataGenerator(ConnectionSource database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Generates {@code customers} customers from {@code seed}. {@code progress} is told the number of customers
     * written so far, every 10,000 customers.
     *
     * @throws IllegalStateException when the database is not empty
     */
    public GeneratorReport generate(long customers, long seed, DefectRates defects, LongConsumer progress)
            throws SQLException {
        if (customers < 0 || customers > CustomerSynthesizer.MAX_CUSTOMERS) {
            throw new IllegalArgumentException("customers: " + customers + " (expected: 0.."
                    + CustomerSynthesizer.MAX_CUSTOMERS + ")");
        }
        Instant start = clock.instant();
        String[] prices;
        try (Connection connection = database.connect()) {
            requireEmpty(connection);
            SqlScript.run(connection, SqlScript.resource(NorthwindDatabase.DUMP),
                    SqlScript.resource(NorthwindDatabase.PATCH), SqlScript.resource("generator/before-copy.sql"));
            prices = productPrices(connection);
        }
        CustomerSynthesizer synthesizer = new CustomerSynthesizer(seed, defects, prices);
        CustomerSynthesizer.Counts counts = new CustomerSynthesizer.Counts();
        Map<String, MessageDigest> digests = new LinkedHashMap<>();
        long orders = 0;
        long lineRows;
        try (Connection customerConnection = database.connect();
             Connection orderConnection = database.connect();
             Connection lineConnection = database.connect()) {
            CopyBuffer customerRows = copy(customerConnection, COPY_CUSTOMERS, digests, "customers");
            CopyBuffer orderRows = copy(orderConnection, COPY_ORDERS, digests, "orders");
            CopyBuffer lines = copy(lineConnection, COPY_LINES, digests, "order_details");
            for (long i = 0; i < customers; i++) {
                orders += synthesizer.write(i, FIRST_ORDER_ID + orders, customerRows, orderRows, lines, counts);
                if ((i + 1) % 10_000 == 0) {
                    progress.accept(i + 1);
                }
            }
            customerRows.finish();
            orderRows.finish();
            lineRows = lines.finish();
        }
        try (Connection connection = database.connect()) {
            SqlScript.run(connection, SqlScript.resource("generator/after-copy.sql"));
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        digests.forEach((table, digest) -> checksums.put(table, HexFormat.of().formatHex(digest.digest())));
        return new GeneratorReport(customers, orders, lineRows, counts.duplicates, counts.orphanOrders, checksums,
                Duration.between(start, clock.instant()));
    }

    private static void requireEmpty(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            if (tables.next()) {
                throw new IllegalStateException("database " + connection.getCatalog() + " has table "
                        + tables.getString("TABLE_NAME") + " (expected: an empty database)");
            }
        }
    }

    private static String[] productPrices(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT product_id, unit_price::numeric(10, 2) FROM products ORDER BY product_id")) {
            java.util.List<String> prices = new java.util.ArrayList<>();
            prices.add(null);
            while (rows.next()) {
                if (rows.getInt(1) != prices.size()) {
                    throw new IllegalStateException("products: ids are not 1..n (found " + rows.getInt(1) + ")");
                }
                prices.add(rows.getBigDecimal(2).toPlainString());
            }
            return prices.toArray(String[]::new);
        }
    }

    private static CopyBuffer copy(Connection connection, String sql, Map<String, MessageDigest> digests,
                                   String table) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        MessageDigest digest = sha256();
        digests.put(table, digest);
        return new CopyBuffer(copy, digest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
