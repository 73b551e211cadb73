package dev.strangler.migrator.spi;

import java.util.Map;

/**
 * Turns one valid legacy row into the modern row the entity's target writes. The plan's transformer evaluates the
 * entity's {@code map} expressions; a replacement might split a name or look up a code table.
 */
@FunctionalInterface
public interface RowTransformer {

    /**
     * The modern row: target field to value, in the order the target expects them.
     *
     * @throws dev.strangler.config.ExpressionException when the row cannot be transformed; the attempt records it
     *     as a violation of that expression
     */
    Map<String, Object> transform(Map<String, Object> row);
}
