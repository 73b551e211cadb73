package dev.strangler.migrator.spi;

import dev.strangler.migrator.MigrationEngine.Violation;
import java.util.List;
import java.util.Map;

/**
 * Checks one legacy row of one entity and reports every rule it breaks, not only the first. The plan's validator
 * evaluates the entity's {@code validate} rules; a replacement might check a checksum or call a library.
 *
 * <p>Must not throw for bad data: a row that cannot be checked is itself a violation.
 */
@FunctionalInterface
public interface RowValidator {

    /** Every violation of this row; an empty list for a valid row. */
    List<Violation> validate(Map<String, Object> row);
}
