package dev.strangler.migrator.engine;

import dev.strangler.config.EntityPlan;
import dev.strangler.migrator.spi.EntitySource;
import dev.strangler.migrator.spi.EntityTarget;
import dev.strangler.migrator.spi.MigrationExtension;
import dev.strangler.migrator.spi.RowTransformer;
import dev.strangler.migrator.spi.RowValidator;
import java.util.List;

/**
 * The four steps of one entity, as the plan describes them or as extensions replaced them.
 *
 * @param plan        the entity as configured
 * @param source      reads its legacy rows
 * @param validator   checks each legacy row
 * @param transformer turns each legacy row into a modern row
 * @param target      writes the modern rows
 */
record EntityPipeline(EntityPlan plan, EntitySource source, RowValidator validator, RowTransformer transformer,
                      EntityTarget target) {

    /** The plan's steps for the entity, then each extension's say, in order. */
    static EntityPipeline of(EntityPlan plan, StatementTypes legacyTypes, StatementTypes modernTypes,
                             List<MigrationExtension> extensions) {
        EntitySource source = new SqlSource(plan, legacyTypes);
        RowValidator validator = new RuleValidator(plan);
        RowTransformer transformer = new ExpressionTransformer(plan);
        EntityTarget target = new UpsertTarget(plan, modernTypes);
        for (MigrationExtension extension : extensions) {
            source = extension.source(plan, source);
            validator = extension.validator(plan, validator);
            transformer = extension.transformer(plan, transformer);
            target = extension.target(plan, target);
        }
        return new EntityPipeline(plan, source, validator, transformer, target);
    }

    String name() {
        return plan.name();
    }
}
