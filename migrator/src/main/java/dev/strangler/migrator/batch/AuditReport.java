package dev.strangler.migrator.batch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * The result of {@code strangler audit}: every legacy user validated against the plan, nothing written.
 *
 * @param at          when the audit ran
 * @param planVersion the plan's hash
 * @param users       legacy users audited
 * @param wouldMigrate users whose data passes every rule today
 * @param rules       failures counted by entity and rule, most users first
 * @param errors      users that could not be read at all ({@code KEY: error}), up to 20
 */
public record AuditReport(Instant at, String planVersion, long users, long wouldMigrate, List<RuleCount> rules,
                          List<String> errors) {

    public AuditReport {
        rules = List.copyOf(rules);
        errors = List.copyOf(errors);
    }

    /** The share of users that would migrate today, from 0 to 1. */
    public double share() {
        return users == 0 ? 1.0 : (double) wouldMigrate / users;
    }

    /** The report for machines. */
    public JsonObject toJson() {
        JsonArray byRule = new JsonArray();
        for (RuleCount rule : rules) {
            byRule.add(new JsonObject().put("entity", rule.entity()).put("rule", rule.rule())
                    .put("message", rule.message()).put("users", rule.users()).put("rows", rule.rows())
                    .put("examples", new JsonArray(rule.examples())));
        }
        return new JsonObject().put("at", at.toString()).put("planVersion", planVersion).put("users", users)
                .put("wouldMigrate", wouldMigrate).put("share", share()).put("rules", byRule)
                .put("errors", new JsonArray(errors));
    }
}
