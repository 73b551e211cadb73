package dev.strangler.migrator.draft;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One table of a {@link Catalogue}.
 *
 * @param name        the table's name, unqualified
 * @param columns     its columns in table order
 * @param primaryKey  the primary key's columns in key order; empty when it has none
 * @param foreignKeys the foreign keys it declares (this table referencing another)
 */
public record CatalogueTable(String name, List<Column> columns, List<String> primaryKey,
                             List<ForeignKey> foreignKeys) {

    public CatalogueTable {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        foreignKeys = List.copyOf(foreignKeys);
    }

    /** The column of that name. */
    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /**
     * One column.
     *
     * @param name       its name
     * @param type       its type as the database writes it ({@code character varying(40)}, {@code numeric(10,2)})
     * @param nullable   whether it accepts null
     * @param hasDefault whether an insert that leaves it out gets a value
     */
    public record Column(String name, String type, boolean nullable, boolean hasDefault) {
    }

    /**
     * A foreign key: {@code columns} of this table reference {@code referencedColumns} of {@code referencedTable}.
     */
    public record ForeignKey(List<String> columns, String referencedTable, List<String> referencedColumns) {
        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }
}
