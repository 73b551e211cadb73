package dev.strangler.migrator.draft;

import io.vertx.core.Future;
import java.util.List;

/**
 * What {@code strangler plan init} reads of a database: its tables, columns, primary keys and foreign keys. One
 * implementation per kind of database ({@link PostgresCatalogue}; a MySQL or MariaDB reader implements the same
 * three methods), so the drafting itself ({@link PlanDrafter}) knows no SQL dialect beyond {@link #quote}.
 */
public interface Catalogue {

    /**
     * Every table of the schema the connection sees by default (PostgreSQL's {@code current_schema()}, MySQL's
     * {@code DATABASE()}).
     */
    Future<List<CatalogueTable>> tables();

    /** An identifier as the statements of a plan must write it: as is when it needs no quotes. */
    String quote(String identifier);

    /** The user key's placeholder in a legacy statement ({@code $1} for PostgreSQL, {@code ?} for MySQL). */
    default String userKey() {
        return "$1";
    }

    /** The type of the suggested cleaned mark column, as its {@code ALTER TABLE ... ADD COLUMN} writes it. */
    default String markType() {
        return "timestamptz";
    }

    /** The current time as the cleaned statement sets the mark to it. */
    default String now() {
        return "now()";
    }
}
