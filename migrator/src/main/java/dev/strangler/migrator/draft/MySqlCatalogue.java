package dev.strangler.migrator.draft;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A MySQL or MariaDB {@link Catalogue}: the base tables of the connection's database ({@code DATABASE()}), read from
 * {@code information_schema} as both servers describe it (no server-specific tables or syntax). Statements of the
 * draft are in MySQL's dialect: identifiers quoted with backticks where they need it, the user key a native
 * {@code ?}, the cleaned mark a {@code DATETIME(6)} set with {@code NOW(6)}.
 */
public final class MySqlCatalogue implements Catalogue {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** MySQL's and MariaDB's reserved words a draft may meet as a table or column name: those must be quoted. */
    private static final Set<String> RESERVED = Set.of("add", "all", "alter", "and", "as", "asc", "before",
            "between", "by", "call", "case", "change", "check", "column", "condition", "constraint", "create",
            "cross", "cube", "current_date", "current_time", "current_timestamp", "current_user", "database",
            "default", "delete", "desc", "describe", "distinct", "div", "drop", "else", "exists", "explain", "false",
            "fetch", "for", "force", "foreign", "from", "function", "groups", "group", "having", "if", "ignore",
            "in", "index", "inner", "insert", "interval", "into", "is", "join", "key", "keys", "kill", "lag",
            "lead", "left", "like", "limit", "lines", "load", "lock", "long", "match", "mod", "natural", "not",
            "null", "of", "on", "option", "or", "order", "outer", "over", "partition", "primary", "range", "rank",
            "read", "recursive", "references", "regexp", "release", "rename", "repeat", "replace", "require",
            "restrict", "return", "right", "rlike", "row", "rows", "schema", "select", "set", "show", "signal",
            "sql", "system", "table", "then", "to", "trigger", "true", "union", "unique", "unlock", "update",
            "usage", "use", "using", "values", "when", "where", "while", "window", "with", "write", "xor");

    private static final String COLUMNS = """
            SELECT c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name, c.COLUMN_TYPE AS column_type,
                   CASE WHEN c.IS_NULLABLE = 'YES' THEN 1 ELSE 0 END AS nullable,
                   CASE WHEN c.IS_NULLABLE = 'NO' AND c.COLUMN_DEFAULT IS NULL
                             AND c.EXTRA NOT LIKE '%auto_increment%' AND c.EXTRA NOT LIKE '%GENERATED%'
                        THEN 0 ELSE 1 END AS has_default
            FROM information_schema.COLUMNS c
            JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
            WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
            ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION""";

    /** One row per key column, in key order: a composite key is several rows of one constraint. */
    private static final String KEYS = """
            SELECT k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS constraint_name,
                   tc.CONSTRAINT_TYPE AS kind, k.COLUMN_NAME AS column_name,
                   k.REFERENCED_TABLE_NAME AS referenced_table, k.REFERENCED_COLUMN_NAME AS referenced_column
            FROM information_schema.KEY_COLUMN_USAGE k
            JOIN information_schema.TABLE_CONSTRAINTS tc ON tc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
                 AND tc.TABLE_NAME = k.TABLE_NAME AND tc.CONSTRAINT_NAME = k.CONSTRAINT_NAME
            WHERE k.TABLE_SCHEMA = DATABASE()
              AND (tc.CONSTRAINT_TYPE = 'PRIMARY KEY'
                   OR tc.CONSTRAINT_TYPE = 'FOREIGN KEY' AND k.REFERENCED_TABLE_SCHEMA = k.TABLE_SCHEMA)
            ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION""";

    private final SqlClient database;

    public MySqlCatalogue(SqlClient database) {
        this.database = database;
    }

    @Override
    public Future<List<CatalogueTable>> tables() {
        return database.query(COLUMNS).execute().compose(columns -> database.query(KEYS).execute()
                .map(keys -> {
                    Map<String, List<CatalogueTable.Column>> byTable = new LinkedHashMap<>();
                    for (Row row : columns) {
                        byTable.computeIfAbsent(row.getString("table_name"), t -> new ArrayList<>())
                                .add(new CatalogueTable.Column(row.getString("column_name"),
                                        row.getString("column_type"), row.getInteger("nullable") != 0,
                                        row.getInteger("has_default") != 0));
                    }
                    Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
                    Map<String, Map<String, KeyColumns>> foreignKeys = new LinkedHashMap<>();
                    for (Row row : keys) {
                        String table = row.getString("table_name");
                        if ("PRIMARY KEY".equals(row.getString("kind"))) {
                            primaryKeys.computeIfAbsent(table, t -> new ArrayList<>())
                                    .add(row.getString("column_name"));
                        } else {
                            foreignKeys.computeIfAbsent(table, t -> new LinkedHashMap<>())
                                    .computeIfAbsent(row.getString("constraint_name"),
                                            name -> new KeyColumns(row.getString("referenced_table")))
                                    .add(row.getString("column_name"), row.getString("referenced_column"));
                        }
                    }
                    List<CatalogueTable> tables = new ArrayList<>();
                    byTable.forEach((table, tableColumns) -> {
                        List<CatalogueTable.ForeignKey> references = new ArrayList<>();
                        foreignKeys.getOrDefault(table, Map.of()).values()
                                .forEach(key -> references.add(key.foreignKey()));
                        tables.add(new CatalogueTable(table, tableColumns, primaryKeys.getOrDefault(table, List.of()),
                                references));
                    });
                    return tables;
                }));
    }

    @Override
    public String quote(String identifier) {
        return PLAIN.matcher(identifier).matches() && !RESERVED.contains(identifier.toLowerCase(Locale.ROOT))
                ? identifier : "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String userKey() {
        return "?";
    }

    @Override
    public String markType() {
        return "DATETIME(6) NULL";
    }

    @Override
    public String now() {
        return "NOW(6)";
    }

    /** The columns of one foreign key as its rows arrive, in key order. */
    private static final class KeyColumns {
        private final String referencedTable;
        private final List<String> columns = new ArrayList<>();
        private final List<String> referencedColumns = new ArrayList<>();

        KeyColumns(String referencedTable) {
            this.referencedTable = referencedTable;
        }

        void add(String column, String referencedColumn) {
            columns.add(column);
            referencedColumns.add(referencedColumn);
        }

        CatalogueTable.ForeignKey foreignKey() {
            return new CatalogueTable.ForeignKey(columns, referencedTable, referencedColumns);
        }
    }
}
