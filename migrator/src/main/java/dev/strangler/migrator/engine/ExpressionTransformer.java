package dev.strangler.migrator.engine;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.ExpressionException;
import dev.strangler.config.RowExpression;
import dev.strangler.migrator.spi.RowTransformer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The plan's transformer: each {@code map} field's expression evaluated over the source row, in plan order. */
final class ExpressionTransformer implements RowTransformer {

    private final EntityPlan entity;

    ExpressionTransformer(EntityPlan entity) {
        this.entity = entity;
    }

    @Override
    public Map<String, Object> transform(Map<String, Object> row) {
        Map<String, Object> target = new LinkedHashMap<>();
        for (Map.Entry<String, RowExpression> field : entity.map().entrySet()) {
            try {
                target.put(field.getKey(), field.getValue().evaluate(row));
            } catch (ExpressionException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ExpressionException(field.getValue().source(), e.getMessage(), e);
            }
        }
        return Collections.unmodifiableMap(target);
    }
}
