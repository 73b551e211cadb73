package dev.strangler.migrator.engine;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.ValidationRule;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.spi.RowValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plan's validator: every {@code validate} rule of the entity, each evaluated on its own, so a row reports every
 * rule it breaks. A rule that cannot be evaluated for the row (a null where a value was needed) is a violation too.
 */
final class RuleValidator implements RowValidator {

    private final EntityPlan entity;

    RuleValidator(EntityPlan entity) {
        this.entity = entity;
    }

    @Override
    public List<Violation> validate(Map<String, Object> row) {
        List<Violation> violations = new ArrayList<>();
        for (ValidationRule rule : entity.validate()) {
            String problem = check(rule, row);
            if (problem != null) {
                violations.add(new Violation(entity.name(), RowValues.key(row, entity.key()), rule.field(),
                        rule.rule().source(), problem));
            }
        }
        return violations;
    }

    private static String check(ValidationRule rule, Map<String, Object> row) {
        try {
            return rule.rule().test(row) ? null : rule.message();
        } catch (RuntimeException e) {
            return rule.message() + " (" + e.getMessage() + ")";
        }
    }
}
