package dev.strangler.migrator;

/**
 * One row of one entity that broke one validation rule.
 *
 * @param entity  the plan entity ({@code customer})
 * @param row     the row's key, as named by the entity's {@code key} column
 * @param field   the field the rule is about, or null
 * @param rule    the rule's expression as written in the plan
 * @param message the rule's message
 */
public record Violation(String entity, String row, String field, String rule, String message) {
}
