package dev.strangler.migrator.bulk;

import java.util.function.IntFunction;

/**
 * Reads a statement's text the way PostgreSQL's lexer does for what matters here: where string literals, quoted
 * identifiers, dollar-quoted strings and comments are, so that a {@code $1} inside one of them is left alone.
 */
final class SqlText {

    private SqlText() {
    }

    /** The statement with every positional parameter {@code $n} outside quotes and comments replaced. */
    static String replaceParameters(String sql, IntFunction<String> replacement) {
        StringBuilder out = new StringBuilder(sql.length() + 64);
        int i = 0;
        while (i < sql.length()) {
            int skipped = skipQuoted(sql, i);
            if (skipped > i) {
                out.append(sql, i, skipped);
                i = skipped;
                continue;
            }
            char c = sql.charAt(i);
            if (c == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))
                    && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')) {
                int end = i + 1;
                while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                out.append(replacement.apply(Integer.parseInt(sql.substring(i + 1, end))));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * Where the keyword (a whole word, any case) first occurs outside quotes and comments at or after {@code from},
     * or -1.
     */
    static int indexOfKeyword(String sql, String keyword, int from) {
        int i = from;
        while (i < sql.length()) {
            int skipped = skipQuoted(sql, i);
            if (skipped > i) {
                i = skipped;
                continue;
            }
            if (sql.regionMatches(true, i, keyword, 0, keyword.length())
                    && (i == 0 || !isWordChar(sql.charAt(i - 1)))
                    && (i + keyword.length() == sql.length() || !isWordChar(sql.charAt(i + keyword.length())))) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** The index just after the parenthesis that closes the one at {@code open}, or -1 when it is not closed. */
    static int closingParenthesis(String sql, int open) {
        int depth = 0;
        int i = open;
        while (i < sql.length()) {
            int skipped = skipQuoted(sql, i);
            if (skipped > i) {
                i = skipped;
                continue;
            }
            char c = sql.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /** Whether a positional parameter occurs outside quotes and comments. */
    static boolean hasParameters(String sql) {
        boolean[] found = {false};
        replaceParameters(sql, n -> {
            found[0] = true;
            return "";
        });
        return found[0];
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** The index after the quoted part or comment starting at {@code i}; {@code i} when none starts there. */
    private static int skipQuoted(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'' || c == '"') {
            int end = i + 1;
            while (end < sql.length()) {
                if (sql.charAt(end) == c) {
                    if (end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                        end += 2;
                        continue;
                    }
                    return end + 1;
                }
                end++;
            }
            return sql.length();
        }
        if (sql.startsWith("--", i)) {
            int end = sql.indexOf('\n', i);
            return end < 0 ? sql.length() : end + 1;
        }
        if (sql.startsWith("/*", i)) {
            int end = sql.indexOf("*/", i + 2);
            return end < 0 ? sql.length() : end + 2;
        }
        if (c == '$' && (i == 0 || !isWordChar(sql.charAt(i - 1)))) {
            int tagEnd = i + 1;
            while (tagEnd < sql.length() && (Character.isLetter(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')) {
                tagEnd++;
            }
            if (tagEnd < sql.length() && sql.charAt(tagEnd) == '$') {
                String tag = sql.substring(i, tagEnd + 1);
                int end = sql.indexOf(tag, tagEnd + 1);
                return end < 0 ? sql.length() : end + tag.length();
            }
        }
        return i;
    }
}
