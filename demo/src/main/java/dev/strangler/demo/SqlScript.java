package dev.strangler.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A SQL script as {@code psql} would run it, split into its statements: semicolons end a statement unless they are
 * inside a quoted literal ({@code '...'}, {@code E'...'}), a quoted identifier ({@code "..."}), a dollar-quoted body
 * ({@code $$...$$}, {@code $tag$...$tag$}) or a comment ({@code --} to the end of the line, {@code /* ... * /}).
 * Each statement remembers the line it starts on, so a failure points into the file.
 *
 * <p>It exists because a pg_dump-style script is a sequence of statements for a terminal client, and JDBC runs one
 * statement at a time; splitting it here lets the loaders run it in one transaction and say which line failed.
 */
public record SqlScript(String name, List<Statement> statements) {

    /** One statement of the script, without its terminating semicolon. */
    public record Statement(int line, String sql) {
    }

    public SqlScript {
        statements = List.copyOf(statements);
    }

    /** A script from the class path. */
    public static SqlScript resource(String resource) {
        try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * Runs scripts in one transaction, so a database is either fully set up or left as it was; a failure is
     * reported with the script's name and the line of the statement that failed.
     */
    public static void run(Connection connection, SqlScript... scripts) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (java.sql.Statement statement = connection.createStatement()) {
            for (SqlScript script : scripts) {
                for (Statement each : script.statements()) {
                    try {
                        statement.execute(each.sql());
                    } catch (SQLException e) {
                        throw new SQLException(script.name() + ":" + each.line() + ": " + e.getMessage(),
                                e.getSQLState(), e);
                    }
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Splits {@code text} into statements; comments and blank statements are dropped. */
    public static SqlScript parse(String name, String text) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '-' && text.startsWith("--", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
                continue;
            }
            if (c == '/' && text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                int stop = end < 0 ? text.length() : end + 2;
                line += countNewlines(text, i, stop);
                i = stop;
                continue;
            }
            if (c == ';') {
                addStatement(statements, current, startLine);
                current.setLength(0);
                startLine = -1;
                i++;
                continue;
            }
            if (!Character.isWhitespace(c) && startLine < 0) {
                startLine = line;
            }
            int stop = quotedEnd(text, i);
            current.append(text, i, stop);
            line += countNewlines(text, i, stop);
            i = stop;
        }
        addStatement(statements, current, startLine);
        return new SqlScript(name, statements);
    }

    /** The index just after the token starting at {@code i}: a whole quoted section, or one character. */
    private static int quotedEnd(String text, int i) {
        char c = text.charAt(i);
        if (c == '\'' || c == '"') {
            boolean backslashEscapes = c == '\'' && i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e');
            int j = i + 1;
            while (j < text.length()) {
                char d = text.charAt(j);
                if (backslashEscapes && d == '\\') {
                    j += 2;
                } else if (d == c) {
                    if (j + 1 < text.length() && text.charAt(j + 1) == c) {
                        j += 2;
                    } else {
                        return j + 1;
                    }
                } else {
                    j++;
                }
            }
            throw new IllegalArgumentException("unterminated quoted text starting at offset " + i);
        }
        if (c == '$') {
            int tagEnd = text.indexOf('$', i + 1);
            if (tagEnd > 0 && text.substring(i + 1, tagEnd).matches("([A-Za-z_][A-Za-z_0-9]*)?")
                    && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                String tag = text.substring(i, tagEnd + 1);
                int close = text.indexOf(tag, tagEnd + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated " + tag + " body starting at offset " + i);
                }
                return close + tag.length();
            }
        }
        return i + 1;
    }

    private static void addStatement(List<Statement> statements, StringBuilder sql, int line) {
        String text = sql.toString().strip();
        if (!text.isEmpty()) {
            statements.add(new Statement(line, text));
        }
    }

    private static int countNewlines(String text, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }
}
