package dev.strangler.migrator.spi;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;

/**
 * Reads one entity's rows of one user from the legacy database. The plan's source runs the entity's {@code fetch}
 * query; a replacement might join tables the query language cannot, or decode a legacy blob.
 *
 * <p>The connection is inside the attempt's repeatable-read, read-only transaction, so every entity of a user is
 * read from the same snapshot. Rows are column name to value, in column order, with the value types the PostgreSQL
 * client returns ({@code String}, {@code Integer}, {@code BigDecimal}, {@code LocalDate}, ...).
 */
@FunctionalInterface
public interface EntitySource {

    /** The user's rows of this entity; an empty list when there are none. */
    Future<List<Map<String, Object>>> fetch(SqlConnection legacy, String userKey);
}
