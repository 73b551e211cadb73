package dev.strangler.config;

import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.strangler.expression.ExpressionLanguage;
import dev.strangler.expression.InvalidExpressionException;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link RowExpression} compiled by CEL.
 *
 * <p>A plain column reference ({@code row.order_date}) returns the row's own value untouched, so a mapping that only
 * copies a column hands the database client exactly the type it read (a {@code LocalDate} stays a
 * {@code LocalDate}, a {@code BigDecimal} keeps its scale). Anything computed goes through {@link CelValues}.
 */
final class CelRowExpression implements RowExpression {

    private static final Pattern PLAIN_REFERENCE =
            Pattern.compile("\\s*row\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)"
                    + "|\\[\\s*(?:\"([^\"\\\\]*)\"|'([^'\\\\]*)')\\s*])\\s*");

    /** The language over one source row, exposed as the variable {@code row} (a map of column name to value). */
    private static final ExpressionLanguage ROWS = ExpressionLanguage.withVariables(
            Map.of("row", MapType.create(SimpleType.STRING, SimpleType.DYN)));

    private final String source;
    private final CelRuntime.Program program;
    private final String column;

    CelRowExpression(String source, CelRuntime.Program program, String column) {
        this.source = source;
        this.program = program;
        this.column = column;
    }

    /**
     * Compiles a migration-plan expression over {@code row}.
     *
     * @throws InvalidExpressionException when it does not parse or type-check
     */
    static RowExpression compile(String source) throws InvalidExpressionException {
        return new CelRowExpression(source, ROWS.program(source), plainReference(source));
    }

    /** The column a plain reference such as {@code row.x} or {@code row["x"]} names, or null. */
    static String plainReference(String source) {
        Matcher m = PLAIN_REFERENCE.matcher(source);
        if (!m.matches()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public Object evaluate(Map<String, ?> row) {
        if (column != null) {
            if (!row.containsKey(column)) {
                throw new ExpressionException(source, "no column '" + column + "' in the row");
            }
            return row.get(column);
        }
        Object result;
        try {
            result = program.eval(Map.of("row", new CelRow(row)));
        } catch (CelEvaluationException e) {
            Throwable cause = e.getCause();
            String reason = cause != null && cause.getMessage() != null ? ": " + cause.getMessage() : "";
            throw new ExpressionException(source, e.getMessage() + reason, e);
        } catch (RuntimeException e) {
            throw new ExpressionException(source, String.valueOf(e.getMessage()), e);
        }
        if (result instanceof dev.cel.runtime.CelUnknownSet) {
            throw new ExpressionException(source, "refers to a value that is not in the row");
        }
        return CelValues.fromCel(result);
    }

    @Override
    public String toString() {
        return source;
    }
}
