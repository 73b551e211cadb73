package dev.strangler.config;

import dev.strangler.expression.InvalidExpressionException;
import java.util.Map;

/**
 * A compiled expression over one source row, as used by the migration plan's {@code validate} rules and
 * {@code map} fields. The row is exposed to the expression as the variable {@code row}.
 *
 * <p>Compiled once when the configuration is loaded, so syntax and type errors surface then, never while a user
 * is being migrated.
 */
public interface RowExpression {

    /**
     * Compiles a CEL expression over the variable {@code row}.
     *
     * @throws InvalidExpressionException when it does not parse or does not type-check, with its position
     */
    static RowExpression compile(String source) throws InvalidExpressionException {
        return CelRowExpression.compile(source);
    }

    /** The expression as written in the configuration file, for logs, errors and the ledger. */
    String source();

    /**
     * Evaluates this expression against a row whose values are what the PostgreSQL client returns
     * ({@code String}, {@code Short}/{@code Integer}/{@code Long}, {@code Float}/{@code Double}, {@code BigDecimal},
     * {@code Boolean}, {@code LocalDate}, {@code LocalDateTime}, {@code OffsetDateTime}, {@code byte[]}, or null).
     * Results come back as the same Java types, so a plain field reference such as {@code row.order_date} returns
     * the value it was given.
     *
     * @throws ExpressionException when the expression cannot be evaluated for this row (a missing field, a null
     *     where a value was needed, a type mismatch)
     */
    Object evaluate(Map<String, ?> row);

    /**
     * Evaluates a rule: true when the row satisfies it.
     *
     * @throws ExpressionException when the expression cannot be evaluated or does not yield a boolean
     */
    default boolean test(Map<String, ?> row) {
        Object result = evaluate(row);
        if (result instanceof Boolean b) {
            return b;
        }
        throw new ExpressionException(source(), "expected a boolean, got " + (result == null ? "null" : result));
    }
}
