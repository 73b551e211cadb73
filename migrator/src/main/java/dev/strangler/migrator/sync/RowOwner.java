package dev.strangler.migrator.sync;

import dev.strangler.config.NamedStatement;
import dev.strangler.config.UserKey;

/**
 * How a changed row of one captured table finds its users: a column of the row, or a query on legacy whose first
 * column gives them, with the row's columns as its {@code :name} parameters.
 *
 * @param column the column holding the user key, or null
 * @param query  the query, or null
 */
record RowOwner(String column, NamedStatement query) {

    static RowOwner column(String column) {
        return new RowOwner(column, null);
    }

    static RowOwner query(String sql) {
        return new RowOwner(null, NamedStatement.parse(sql));
    }

    /** The owner an entity's {@code userKey:} declares. */
    static RowOwner declared(UserKey key) {
        return key.column() != null ? column(key.column()) : query(key.query());
    }

    @Override
    public String toString() {
        return column != null ? column : "(" + query.sql() + ")";
    }
}
