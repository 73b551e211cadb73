package dev.strangler.migrator.draft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A draft entity's {@code upsert}: an insert of every matched column, named parameters after the modern columns,
 * updating on a conflict of the modern table's primary key so that re-running a migration is safe. A table
 * without a primary key gets a plain insert and a comment, since nothing then makes it idempotent.
 */
final class UpsertSql {

    private UpsertSql() {
    }

    /** The upsert into {@code target}, a PostgreSQL table (the modern side is always PostgreSQL). */
    static String of(CatalogueTable target, Collection<CatalogueTable.Column> columns) {
        List<String> names = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        for (CatalogueTable.Column column : columns) {
            String name = PostgresCatalogue.quoteName(column.name());
            names.add(name);
            parameters.add(":" + column.name().replaceAll("[^A-Za-z0-9_]", "_"));
            if (!target.primaryKey().contains(column.name())) {
                updates.add(name + " = EXCLUDED." + name);
            }
        }
        String into = "INSERT INTO " + PostgresCatalogue.quoteName(target.name()) + " (";
        StringBuilder text = new StringBuilder(SqlList.of(into, names, 2) + ")\n"
                + SqlList.of("VALUES (", parameters, 2) + ")");
        boolean keyFilled = !target.primaryKey().isEmpty() && target.primaryKey().stream()
                .allMatch(key -> columns.stream().anyMatch(c -> c.name().equals(key)));
        if (keyFilled) {
            List<String> key = new ArrayList<>();
            target.primaryKey().forEach(column -> key.add(PostgresCatalogue.quoteName(column)));
            String conflict = "ON CONFLICT (" + String.join(", ", key) + ") DO ";
            text.append('\n').append(updates.isEmpty() ? conflict + "NOTHING"
                    : SqlList.of(conflict + "UPDATE SET ", updates, 2));
        }
        return text.toString();
    }
}
