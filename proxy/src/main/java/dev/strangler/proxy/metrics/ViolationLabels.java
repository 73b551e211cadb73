package dev.strangler.proxy.metrics;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.RowExpression;
import dev.strangler.config.ValidationRule;
import dev.strangler.migrator.MigrationEngine.Violation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The labels of {@code strangler_migration_violations_total}, from a set the plan bounds: the entity's name and the
 * broken rule's message as the plan writes it ({@code company name is empty}), never the text a violation carries,
 * which may quote the row or an exception ({@code For input string: "Germany"}) and would make a series per row.
 * A row count that breaks {@code cardinality: one} is {@code cardinality: one}, a row the map could not transform
 * is {@code transform}, anything else {@code other}; an entity the plan does not name is {@code none}.
 */
final class ViolationLabels {

    static final String CARDINALITY = "cardinality: one";

    private final Map<String, Map<String, String>> rules = new HashMap<>();
    private final Map<String, Set<String>> maps = new HashMap<>();

    ViolationLabels(MigrationPlan plan) {
        for (EntityPlan entity : plan.entities()) {
            Map<String, String> messages = new HashMap<>();
            for (ValidationRule rule : entity.validate()) {
                messages.putIfAbsent(rule.rule().source(), rule.message() == null ? rule.rule().source()
                        : rule.message());
            }
            rules.put(entity.name(), messages);
            Set<String> expressions = new HashSet<>();
            for (RowExpression expression : entity.map().values()) {
                expressions.add(expression.source());
            }
            maps.put(entity.name(), expressions);
        }
    }

    String entity(Violation violation) {
        return rules.containsKey(violation.entity()) ? violation.entity() : "none";
    }

    String rule(Violation violation) {
        String message = rules.getOrDefault(violation.entity(), Map.of()).get(violation.rule());
        if (message != null) {
            return message;
        }
        if (CARDINALITY.equals(violation.rule())) {
            return CARDINALITY;
        }
        return maps.getOrDefault(violation.entity(), Set.of()).contains(violation.rule()) ? "transform" : "other";
    }
}
