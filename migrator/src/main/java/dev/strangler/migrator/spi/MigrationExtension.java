package dev.strangler.migrator.spi;

import dev.strangler.config.EntityPlan;

/**
 * Replaces steps of an entity's migration that the plan cannot express. Implementations are found with
 * {@link java.util.ServiceLoader} (listed in {@code META-INF/services/dev.strangler.migrator.spi.MigrationExtension})
 * and asked once per entity when the engine starts, in class-path order; each receives what the plan, or an earlier
 * extension, provides and returns it unchanged, wrapped, or replaced.
 *
 * <pre>{@code
 * public final class PhoneNormaliser implements MigrationExtension {
 *     public RowTransformer transformer(EntityPlan entity, RowTransformer planned) {
 *         if (!entity.name().equals("customer")) return planned;
 *         return row -> {
 *             var out = new LinkedHashMap<>(planned.transform(row));
 *             out.put("phone", e164(row.get("phone")));
 *             return out;
 *         };
 *     }
 * }
 * }</pre>
 */
public interface MigrationExtension {

    /** The entity's source; by default the planned one. */
    default EntitySource source(EntityPlan entity, EntitySource planned) {
        return planned;
    }

    /** The entity's validator; by default the planned one. */
    default RowValidator validator(EntityPlan entity, RowValidator planned) {
        return planned;
    }

    /** The entity's transformer; by default the planned one. */
    default RowTransformer transformer(EntityPlan entity, RowTransformer planned) {
        return planned;
    }

    /** The entity's target; by default the planned one. */
    default EntityTarget target(EntityPlan entity, EntityTarget planned) {
        return planned;
    }
}
