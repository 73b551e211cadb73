package dev.strangler.migrator.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What verify needs to know of an entity's upsert, read from its SQL: the table, the columns it writes, and the
 * conflict columns that identify a row. Only the plain shape {@code INSERT INTO t (a, b) ... ON CONFLICT (a) ...}
 * is understood ({@code INSERT INTO customer (id, name) VALUES (:id, :name) ON CONFLICT (id) DO UPDATE ...} reads
 * as table {@code customer}, columns {@code [id, name]}, key {@code [id]}); anything else is not verifiable.
 */
record UpsertShape(String table, List<String> columns, List<String> key) {

    private static final Pattern INSERT = Pattern.compile(
            "^\\s*INSERT\\s+INTO\\s+([A-Za-z_][\\w.]*)\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONFLICT = Pattern.compile("ON\\s+CONFLICT\\s*\\(([^)]*)\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][\\w]*");

    static Optional<UpsertShape> of(String upsert) {
        Matcher insert = INSERT.matcher(upsert);
        Matcher conflict = CONFLICT.matcher(upsert);
        if (!insert.find() || !conflict.find()) {
            return Optional.empty();
        }
        List<String> columns = names(insert.group(2));
        List<String> key = names(conflict.group(1));
        if (columns == null || key == null || !columns.containsAll(key)) {
            return Optional.empty();
        }
        return Optional.of(new UpsertShape(insert.group(1), columns, key));
    }

    private static List<String> names(String list) {
        List<String> names = Arrays.stream(list.split(",")).map(String::strip).toList();
        return names.stream().allMatch(name -> COLUMN.matcher(name).matches()) ? names : null;
    }

    /** {@code json_build_object('a', a, 'b', b)::text}: every written column, one text a database compares. */
    String rowJson() {
        StringBuilder sql = new StringBuilder("json_build_object(");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append('\'').append(columns.get(i)).append("', ").append(columns.get(i));
        }
        return sql.append(")::text").toString();
    }

    /** The row read back by key: {@code SELECT <rowJson> FROM t WHERE a = $1 AND b = $2}. */
    String select() {
        StringBuilder sql = new StringBuilder("SELECT ").append(rowJson()).append(" AS strangler_row FROM ")
                .append(table).append(" WHERE ");
        for (int i = 0; i < key.size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append(key.get(i)).append(" = $").append(i + 1);
        }
        return sql.toString();
    }

    /** The upsert, returning the row as written and its key. */
    String returning(String upsertSql) {
        return upsertSql.strip() + " RETURNING " + rowJson() + " AS strangler_row, " + String.join(", ", key);
    }
}
