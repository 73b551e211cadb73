package dev.strangler.demo.legacy;

import dev.strangler.demo.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Creates the legacy Northwind database (Ms-PL, {@code northwind/LICENSE}) in an empty PostgreSQL database, and
 * applies the legacy patch that adds Strangler's {@code cleaned} mark ({@code northwind/legacy-patch.sql}).
 *
 * <p>The dump is split into statements and run in one transaction, so a database is either fully loaded or left as
 * it was, and a failure names the script line that caused it.
 */
public final class NorthwindDatabase {

    /** The Northwind dump: 14 tables, 91 customers, 830 orders, 2155 order lines. */
    public static final String DUMP = "northwind/northwind.sql";

    /** The legacy patch: the nullable {@code customers.migrated_at} column. */
    public static final String PATCH = "northwind/legacy-patch.sql";

    private NorthwindDatabase() {
    }

    /** Loads Northwind and applies the legacy patch, in one transaction. */
    public static void load(Connection connection) throws SQLException {
        SqlScript.run(connection, SqlScript.resource(DUMP), SqlScript.resource(PATCH));
    }

    /** Applies the legacy patch alone, to a Northwind database loaded by other means. Safe to repeat. */
    public static void patch(Connection connection) throws SQLException {
        SqlScript.run(connection, SqlScript.resource(PATCH));
    }
}
