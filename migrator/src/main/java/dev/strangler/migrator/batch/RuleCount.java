package dev.strangler.migrator.batch;

import java.util.List;

/**
 * How often one rule of one entity failed across users, with a few users to look at.
 *
 * @param entity   the plan entity
 * @param rule     the rule as written in the plan
 * @param message  the rule's message
 * @param users    users with at least one row breaking it
 * @param rows     rows breaking it
 * @param examples up to {@link #EXAMPLES} user keys
 */
public record RuleCount(String entity, String rule, String message, long users, long rows, List<String> examples) {

    /** How many example users are kept per rule. */
    public static final int EXAMPLES = 5;

    public RuleCount {
        examples = List.copyOf(examples);
    }
}
