package dev.strangler.migrator.legacy;

import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.data.Money;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A plan statement as a MySQL or MariaDB server takes it: every placeholder a native {@code ?}, and for each
 * {@code ?}, in order, which of the plan's parameters it is bound to. The plan writes the user key as {@code $1}
 * (as for PostgreSQL) or as {@code ?} (every native {@code ?} is the user key), and named parameters
 * ({@code :name}) reach here already numbered {@code $1}, {@code $2} ... by
 * {@link dev.strangler.config.NamedStatement}; a number may repeat or come out of order, MySQL's {@code ?} may not,
 * so the plan's values are reordered at binding ({@link #bind}).
 *
 * <p>The statement is read with MySQL's lexical rules so a placeholder-looking text that is not one is left alone:
 * {@code '...'} and {@code "..."} strings (doubled quotes and backslash escapes), {@code `...`} identifiers,
 * {@code -- } and {@code #} line comments and block comments, and {@code $} inside identifiers ({@code price$1} is a
 * name). Executable comments ({@code /*! ... *}{@code /}) are code to MySQL, so placeholders inside them count.
 * For example {@code SELECT * FROM t WHERE a = $1 AND note <> '?' AND b = ?} becomes
 * {@code SELECT * FROM t WHERE a = ? AND note <> '?' AND b = ?} bound to parameters {@code [1, 1]}.
 *
 * @param sql        the statement with native placeholders
 * @param parameters for each {@code ?} in order, the plan's parameter it takes, 1-based
 */
public record MySqlStatement(String sql, List<Integer> parameters) {

    public MySqlStatement {
        parameters = List.copyOf(parameters);
    }

    /** Translates a plan statement. */
    public static MySqlStatement of(String planSql) {
        StringBuilder out = new StringBuilder(planSql.length());
        List<Integer> parameters = new ArrayList<>();
        int i = 0;
        int n = planSql.length();
        while (i < n) {
            int skipped = skipQuotedOrComment(planSql, i);
            if (skipped > i) {
                out.append(planSql, i, skipped);
                i = skipped;
                continue;
            }
            char c = planSql.charAt(i);
            if (c == '?') {
                parameters.add(1);
                out.append('?');
                i++;
            } else if (c == '$' && i + 1 < n && isDigit(planSql.charAt(i + 1))
                    && (i == 0 || !isIdentifierPart(planSql.charAt(i - 1)))) {
                int end = i + 1;
                while (end < n && isDigit(planSql.charAt(end))) {
                    end++;
                }
                if (end < n && isIdentifierPart(planSql.charAt(end))) {
                    out.append(planSql, i, end);
                } else {
                    int number = Integer.parseInt(planSql.substring(i + 1, end));
                    if (number < 1) {
                        throw new IllegalArgumentException("$" + number + " is not a parameter (they start at $1): "
                                + planSql);
                    }
                    parameters.add(number);
                    out.append('?');
                }
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return new MySqlStatement(out.toString(), parameters);
    }

    /** The highest plan parameter this statement takes: how many values its plan tuple must hold. */
    public int arity() {
        return parameters.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /**
     * The values to send for the plan's values ({@code $1} first): one per {@code ?}, each in a form the MySQL
     * client encodes (a {@code UUID} as its text, PostgreSQL's {@code money} as a decimal, a time with an offset
     * at UTC).
     *
     * @throws IllegalArgumentException when the plan's tuple lacks a parameter the statement takes
     */
    public Tuple bind(Tuple planValues) {
        if (planValues.size() < arity()) {
            throw new IllegalArgumentException("the statement takes $" + arity() + " but " + planValues.size()
                    + " value(s) were bound: " + sql);
        }
        Tuple values = Tuple.tuple();
        for (int parameter : parameters) {
            values.addValue(sendable(planValues.getValue(parameter - 1)));
        }
        return values;
    }

    private static Object sendable(Object value) {
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        if (value instanceof Money money) {
            return money.bigDecimalValue();
        }
        if (value instanceof OffsetDateTime dateTime) {
            return dateTime.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof byte[] bytes) {
            return Buffer.buffer(bytes);
        }
        if (value instanceof Object[] array) {
            throw new IllegalArgumentException("cannot bind an array (" + Arrays.toString(array)
                    + ") on MySQL, which has no array type");
        }
        return value;
    }

    /** The index after the quoted text or comment starting at {@code i}; {@code i} when none starts there. */
    private static int skipQuotedOrComment(String sql, int i) {
        char c = sql.charAt(i);
        int n = sql.length();
        if (c == '\'' || c == '"' || c == '`') {
            int j = i + 1;
            while (j < n) {
                char d = sql.charAt(j);
                if (d == '\\' && c != '`') {
                    j += 2;
                } else if (d == c) {
                    if (j + 1 < n && sql.charAt(j + 1) == c) {
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
        if (c == '#' || c == '-' && sql.startsWith("--", i)
                && (i + 2 == n || Character.isWhitespace(sql.charAt(i + 2)) || Character.isISOControl(sql.charAt(i + 2)))) {
            int end = sql.indexOf('\n', i);
            return end < 0 ? n : end + 1;
        }
        if (c == '/' && sql.startsWith("/*", i) && !sql.startsWith("/*!", i) && !sql.startsWith("/*M!", i)) {
            int end = sql.indexOf("*/", i + 2);
            return end < 0 ? n : end + 2;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** MySQL's unquoted identifiers are letters, digits, {@code _} and {@code $}. */
    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
