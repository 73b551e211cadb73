package dev.strangler.migrator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The plan checked against the real databases before any user moves, writing nothing: {@code strangler check}
 * (every statement prepared) and {@code strangler check --sample N} (real users read, validated, transformed and
 * written in a transaction that is rolled back). {@link Reports} offers these beside the fleet's reports.
 */
public interface PlanChecks {

    /**
     * Prepares every statement of the plan against the databases that answer (fetches, {@code users} and
     * {@code cleaned} on legacy, upserts on modern), writing nothing.
     */
    Future<PlanCheck> check();

    /**
     * {@code strangler check --sample N}: {@code users} legacy users spread over the key space read, validated,
     * transformed and written to modern inside a transaction that is rolled back; nothing is written anywhere.
     */
    Future<SampleReport> sample(int users);

    /**
     * What {@code strangler check} found by preparing the plan's statements against the databases.
     *
     * @param problems    one line per problem, where it was written first
     *                    ({@code plan.yaml:31:9: migration.entities[1].fetch: ...}): a statement the database refused,
     *                    an expression that does not type-check against the fetch's columns, an upsert parameter
     *                    the map cannot fill
     * @param unreachable one line per database that did not answer, and per check that therefore did not run
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

    /**
     * What {@code strangler check --sample N} found: N real users spread over the key space read, validated and
     * transformed, and the rows of those that pass written to modern inside a transaction that is rolled back, so the
     * modern schema itself says what would not fit (a text too long, a number out of range, a null where none is
     * allowed, a broken constraint). Nothing is written anywhere.
     *
     * @param legacyUsers  users the plan's {@code users} query lists
     * @param sampled      users sampled
     * @param wouldMigrate sampled users whose data passes every rule and fits modern
     * @param rules        validation failures by entity, field and rule, most users first
     * @param unfit        values modern refused, by entity and field, most users first
     * @param errors       users that could not be read at all ({@code KEY: error}), a few
     */
    public record SampleReport(long legacyUsers, long sampled, long wouldMigrate, List<Finding> rules,
                               List<Finding> unfit, List<String> errors) {

        public SampleReport {
            rules = List.copyOf(rules);
            unfit = List.copyOf(unfit);
            errors = List.copyOf(errors);
        }

        /** True when every sampled user would migrate. */
        public boolean passed() {
            return wouldMigrate == sampled && errors.isEmpty();
        }

        /**
         * One kind of failure.
         *
         * @param entity   the plan entity
         * @param field    the field it concerns, or null when it cannot be told
         * @param rule     the rule as written, or {@code modern} for a value the modern database refused
         * @param message  the rule's message, or the modern database's
         * @param users    sampled users with it
         * @param examples a few of their keys
         */
        public record Finding(String entity, String field, String rule, String message, long users,
                              List<String> examples) {

            /** How many example keys a finding keeps. */
            public static final int EXAMPLES = 3;

            public Finding {
                examples = List.copyOf(examples);
            }

            JsonObject toJson() {
                return new JsonObject().put("entity", entity).put("field", field).put("rule", rule)
                        .put("message", message).put("users", users).put("examples", new JsonArray(examples));
            }
        }

        public JsonObject toJson() {
            JsonArray byRule = new JsonArray();
            rules.forEach(finding -> byRule.add(finding.toJson()));
            JsonArray byField = new JsonArray();
            unfit.forEach(finding -> byField.add(finding.toJson()));
            return new JsonObject().put("legacyUsers", legacyUsers).put("sampled", sampled)
                    .put("wouldMigrate", wouldMigrate).put("rules", byRule).put("unfit", byField)
                    .put("errors", new JsonArray(errors));
        }
    }
}
