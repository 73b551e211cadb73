package dev.strangler.config;

import java.util.Objects;

/**
 * One {@code validate} rule of an entity: a boolean expression over {@code row} that every fetched row must
 * satisfy, and the message recorded when it does not.
 *
 * @param rule    the compiled expression; a row for which it is false, or which it cannot evaluate, is a violation
 *                ({@code rule:}, required)
 * @param message what the violation means, in the operator's words ({@code message:}, default the rule's text)
 * @param field   the source field the rule is about, when it is about one (for reports); may be null
 *                ({@code field:})
 */
public record ValidationRule(RowExpression rule, String message, String field) {

    public ValidationRule {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }
}
