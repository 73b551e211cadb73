package dev.strangler.expression;

import java.util.List;

/**
 * An expression checked against a declared row ({@link RowTyping#check}): the type it yields and what is wrong
 * with it, each problem with its line and column inside the expression (from 1).
 *
 * @param type   the result type; {@link ValueType#DYN} when it cannot be named or the expression has errors
 * @param issues problems in source order; empty when the expression is well typed
 */
public record TypedExpression(ValueType type, List<Issue> issues) {

    public TypedExpression {
        issues = List.copyOf(issues);
    }

    /** True when the checker found nothing wrong. */
    public boolean clean() {
        return issues.isEmpty();
    }

    /**
     * One problem.
     *
     * @param line    line inside the expression, from 1
     * @param column  column inside that line, from 1
     * @param message what is wrong, in CEL's words or ours
     */
    public record Issue(int line, int column, String message) {
    }
}
