package dev.strangler.migrator.engine;

import dev.strangler.config.ExpressionException;
import dev.strangler.config.RowExpression;
import java.util.Map;
import java.util.function.Function;

/**
 * Row expressions written in Java for tests of the engine alone, returning what a CEL expression would (integers as
 * {@code Long}), so binding and coercion are exercised as in production.
 */
record Expr(String source, Function<Map<String, ?>, Object> body) implements RowExpression {

    static Expr field(String column) {
        return new Expr("row." + column, row -> {
            if (!row.containsKey(column)) {
                throw new ExpressionException("row." + column, "no such key: " + column);
            }
            Object value = row.get(column);
            return value instanceof Short || value instanceof Integer ? ((Number) value).longValue() : value;
        });
    }

    static Expr of(String source, Function<Map<String, ?>, Object> body) {
        return new Expr(source, body);
    }

    @Override
    public Object evaluate(Map<String, ?> row) {
        try {
            return body.apply(row);
        } catch (ExpressionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExpressionException(source, e.toString(), e);
        }
    }
}
