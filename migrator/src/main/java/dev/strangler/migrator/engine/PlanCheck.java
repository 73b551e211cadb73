package dev.strangler.migrator.engine;

import java.util.List;

/**
 * What {@code strangler check} found by preparing the plan's statements against the databases.
 *
 * @param problems    one line per statement PostgreSQL refused ({@code migration.entities.orders.fetch: ...})
 * @param unreachable one line per database that did not answer, whose statements were therefore not prepared
 */
public record PlanCheck(List<String> problems, List<String> unreachable) {

    public PlanCheck {
        problems = List.copyOf(problems);
        unreachable = List.copyOf(unreachable);
    }

    /** True when no statement was refused (unreachable databases are not a refusal). */
    public boolean passed() {
        return problems.isEmpty();
    }
}
