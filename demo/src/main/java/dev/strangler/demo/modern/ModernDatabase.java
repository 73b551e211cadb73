package dev.strangler.demo.modern;

import dev.strangler.demo.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Creates the modern system's schema ({@code modern/schema.sql}) in an empty PostgreSQL database and seeds its
 * reference data, the shippers and products taken from Northwind ({@code modern/reference-data.sql}). Customers,
 * orders and order lines stay empty: the modern system only ever holds customers migrated into it.
 */
public final class ModernDatabase {

    public static final String SCHEMA = "modern/schema.sql";
    public static final String REFERENCE_DATA = "modern/reference-data.sql";

    private ModernDatabase() {
    }

    /** Creates the schema and seeds the reference data, in one transaction. */
    public static void create(Connection connection) throws SQLException {
        SqlScript.run(connection, SqlScript.resource(SCHEMA), SqlScript.resource(REFERENCE_DATA));
    }
}
