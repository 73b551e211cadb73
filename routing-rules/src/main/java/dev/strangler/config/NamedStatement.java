package dev.strangler.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A SQL statement written with named parameters ({@code :name}), turned into the positional form PostgreSQL
 * expects ({@code $1}, {@code $2}, ...).
 *
 * <p>A name used twice gets one position. Casts ({@code ::text}), string literals ({@code 'a:b'},
 * {@code E'\''}, {@code $$...$$}), quoted identifiers ({@code "a:b"}) and comments (line and block comments)
 * are left alone. For example
 * {@code UPDATE t SET name = :name WHERE id = :id AND note <> ':x' AND :id::int > 0} becomes
 * {@code UPDATE t SET name = $1 WHERE id = $2 AND note <> ':x' AND $2::int > 0} with parameters
 * {@code [name, id]}.
 *
 * @param sql        the statement with positional parameters
 * @param parameters the parameter names; the name at index {@code i} is bound to {@code $(i+1)}
 */
public record NamedStatement(String sql, List<String> parameters) {

    public NamedStatement {
        Objects.requireNonNull(sql, "sql");
        parameters = List.copyOf(parameters);
    }

    /** Parses a statement with named parameters. A statement without any is returned unchanged. */
    public static NamedStatement parse(String sql) {
        return scan(sql, new ArrayList<>());
    }

    /**
     * Where {@code :name} is first used in {@code sql} (the index of its colon), so that a problem with the parameter
     * can point at it; -1 when the statement does not use it.
     */
    public static int offsetOf(String sql, String name) {
        List<Integer> offsets = new ArrayList<>();
        int index = scan(sql, offsets).parameters().indexOf(name);
        return index < 0 ? -1 : offsets.get(index);
    }

    /** Parses {@code sql}; {@code firstUses} receives the offset of each parameter's first use, in order. */
    private static NamedStatement scan(String sql, List<Integer> firstUses) {
        List<String> names = new ArrayList<>();
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int skip = skipLiteralOrComment(sql, i);
            if (skip > i) {
                out.append(sql, i, skip);
                i = skip;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && isNameStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && isNamePart(sql.charAt(end))) {
                    end++;
                }
                String name = sql.substring(i + 1, end);
                int index = names.indexOf(name);
                if (index < 0) {
                    names.add(name);
                    firstUses.add(i);
                    index = names.size() - 1;
                }
                out.append('$').append(index + 1);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return new NamedStatement(out.toString(), names);
    }

    /** The index just past a literal, quoted identifier or comment starting at {@code i}, or {@code i}. */
    private static int skipLiteralOrComment(String sql, int i) {
        char c = sql.charAt(i);
        int n = sql.length();
        if (c == '\'' ) {
            boolean backslashEscapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                    && (i < 2 || !isNamePart(sql.charAt(i - 2)));
            return skipQuoted(sql, i, '\'', backslashEscapes);
        }
        if (c == '"') {
            return skipQuoted(sql, i, '"', false);
        }
        if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
            int end = sql.indexOf('\n', i);
            return end < 0 ? n : end;
        }
        if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
            int depth = 0;
            int j = i;
            while (j < n) {
                if (sql.startsWith("/*", j)) {
                    depth++;
                    j += 2;
                } else if (sql.startsWith("*/", j)) {
                    depth--;
                    j += 2;
                    if (depth == 0) {
                        return j;
                    }
                } else {
                    j++;
                }
            }
            return n;
        }
        if (c == '$' && (i == 0 || !isNamePart(sql.charAt(i - 1)))) {
            int tagEnd = i + 1;
            while (tagEnd < n && isNamePart(sql.charAt(tagEnd)) && !Character.isDigit(sql.charAt(i + 1))) {
                tagEnd++;
            }
            if (tagEnd < n && sql.charAt(tagEnd) == '$') {
                String tag = sql.substring(i, tagEnd + 1);
                int close = sql.indexOf(tag, tagEnd + 1);
                return close < 0 ? n : close + tag.length();
            }
        }
        return i;
    }

    private static int skipQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int j = start + 1;
        int n = sql.length();
        while (j < n) {
            char c = sql.charAt(j);
            if (backslashEscapes && c == '\\') {
                j += 2;
            } else if (c == quote) {
                if (j + 1 < n && sql.charAt(j + 1) == quote) {
                    j += 2;
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        return n;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
