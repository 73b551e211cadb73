package dev.strangler.migrator.draft;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A PostgreSQL {@link Catalogue}: the ordinary tables of {@code current_schema()}, read from {@code pg_catalog}. */
public final class PostgresCatalogue implements Catalogue {

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");
    /** PostgreSQL's reserved key words: a column so named must be quoted. */
    private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as",
            "asc", "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
            "current_catalog", "current_date", "current_role", "current_time", "current_timestamp", "current_user",
            "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
            "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into", "lateral",
            "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order",
            "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric",
            "system_user", "table", "then", "to", "trailing", "true", "union", "unique", "user", "using",
            "variadic", "when", "where", "window", "with");

    private static final String COLUMNS = """
            SELECT c.relname AS table_name, a.attname AS column_name,
                   format_type(a.atttypid, a.atttypmod) AS column_type, NOT a.attnotnull AS nullable,
                   a.atthasdef OR a.attidentity <> '' AS has_default
            FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
              AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum""";

    private static final String CONSTRAINTS = """
            SELECT c.relname AS table_name, k.contype AS kind, f.relname AS referenced_table,
                   ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i)::text[]
                       AS columns,
                   ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
                         JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)::text[]
                       AS referenced_columns
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            LEFT JOIN pg_class f ON f.oid = k.confrelid
            WHERE c.relnamespace = current_schema()::regnamespace AND k.contype IN ('p', 'f')
            ORDER BY c.relname, k.conname""";

    private final SqlClient database;

    public PostgresCatalogue(SqlClient database) {
        this.database = database;
    }

    @Override
    public Future<List<CatalogueTable>> tables() {
        return database.query(COLUMNS).execute().compose(columns -> database.query(CONSTRAINTS).execute()
                .map(constraints -> {
                    Map<String, List<CatalogueTable.Column>> byTable = new LinkedHashMap<>();
                    for (Row row : columns) {
                        byTable.computeIfAbsent(row.getString("table_name"), t -> new ArrayList<>())
                                .add(new CatalogueTable.Column(row.getString("column_name"),
                                        row.getString("column_type"), row.getBoolean("nullable"),
                                        row.getBoolean("has_default")));
                    }
                    Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
                    Map<String, List<CatalogueTable.ForeignKey>> foreignKeys = new LinkedHashMap<>();
                    for (Row row : constraints) {
                        String table = row.getString("table_name");
                        List<String> keyColumns = Arrays.asList(row.getArrayOfStrings("columns"));
                        if ("p".equals(row.getString("kind"))) {
                            primaryKeys.put(table, keyColumns);
                        } else {
                            foreignKeys.computeIfAbsent(table, t -> new ArrayList<>()).add(
                                    new CatalogueTable.ForeignKey(keyColumns, row.getString("referenced_table"),
                                            Arrays.asList(row.getArrayOfStrings("referenced_columns"))));
                        }
                    }
                    List<CatalogueTable> tables = new ArrayList<>();
                    byTable.forEach((table, tableColumns) -> tables.add(new CatalogueTable(table, tableColumns,
                            primaryKeys.getOrDefault(table, List.of()), foreignKeys.getOrDefault(table, List.of()))));
                    return tables;
                }));
    }

    @Override
    public String quote(String identifier) {
        return quoteName(identifier);
    }

    /** An identifier as a PostgreSQL statement writes it (the modern side's statements are always PostgreSQL's). */
    static String quoteName(String identifier) {
        return PLAIN.matcher(identifier).matches() && !RESERVED.contains(identifier) ? identifier
                : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
