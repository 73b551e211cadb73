package dev.strangler.migrator;

import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The migrator over many users, and what the command line and the admin API report: {@code strangler status},
 * {@code audit} and {@code migrate --all | --failed}, and the plan's checks ({@link PlanChecks}: {@code strangler
 * check}).
 */
public interface Reports extends PlanChecks {

    /** Users by state, the share migrated, migrations in the last hour, and the rules failing users broke. */
    Future<StatusReport> status(Clock clock);

    /**
     * A dry run of every legacy user listed by the plan's {@code users} query, nothing written anywhere, summed up
     * as violations by entity and rule with example users.
     */
    Future<AuditReport> audit(int concurrency, Consumer<BatchProgress> progress, Clock clock);

    /** Attempts every legacy user; those already migrated are skipped without a ledger entry unless forced. */
    Future<RunSummary> migrateAll(RunOptions options);

    /**
     * The differential migration: re-runs only the users whose state is {@code INVALID} or {@code FAILED}, so after
     * a rule is fixed only what failed moves again.
     */
    Future<RunSummary> migrateFailed(RunOptions options);

    /** Every legacy user key, as the plan's {@code users} query lists them. */
    Future<List<String>> legacyUsers();

    /**
     * {@code strangler status}: users by state, the share migrated, migrations in the last hour, and the rules the
     * users now failing broke, from the state database (and the legacy user count when legacy answers).
     *
     * @param byState          users by state; {@code PENDING} counts legacy users never attempted when known
     * @param legacyUsers      users listed by the plan's {@code users} query, or -1 when legacy did not answer
     * @param migratedLastHour {@code MIGRATED} ledger entries in the last hour
     * @param failingRules     what the users now {@code INVALID} or {@code FAILED} broke, most users first
     */
    public record StatusReport(Map<UserState, Long> byState, long legacyUsers, long migratedLastHour,
                               List<RuleCount> failingRules) {

        public StatusReport {
            byState = Collections.unmodifiableMap(new EnumMap<>(byState));
            failingRules = List.copyOf(failingRules);
        }

        /** Migrated users as a percentage of legacy users (of users known to the state database if legacy is down). */
        public double percentMigrated() {
            long total = legacyUsers >= 0 ? legacyUsers : byState.values().stream().mapToLong(Long::longValue).sum();
            return total == 0 ? 0 : 100.0 * byState.getOrDefault(UserState.MIGRATED, 0L) / total;
        }

        public JsonObject toJson() {
            JsonObject states = new JsonObject();
            byState.forEach((state, count) -> states.put(state.name(), count));
            JsonArray rules = new JsonArray();
            failingRules.forEach(rule -> rules.add(new JsonObject().put("entity", rule.entity()).put("rule",
                    rule.rule())
                    .put("message", rule.message()).put("users", rule.users()).put("examples",
                            new JsonArray(rule.examples()))));
            return new JsonObject().put("users", states).put("legacyUsers", legacyUsers)
                    .put("percentMigrated", percentMigrated()).put("migratedLastHour", migratedLastHour)
                    .put("failingRules", rules);
        }
    }

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

        /** The report for people: one self-contained HTML page, no scripts, every value escaped. */
        public String toHtml() {
            return AuditHtml.render(this);
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
    public record RuleCount(String entity, String rule, String message, long users, long rows,
                            List<String> examples) {

        /** How many example users are kept per rule. */
        public static final int EXAMPLES = 5;

        public RuleCount {
            examples = List.copyOf(examples);
        }
    }

    /**
     * What a run over many users did: how many ended in each outcome, and a few of those that did not migrate with
     * why, for the operator to look at first.
     *
     * @param users      users in the run
     * @param byOutcome  ledger outcome ({@code MIGRATED}, {@code SKIPPED}, {@code INVALID}, ...; for a dry run
     *                   {@code WOULD_MIGRATE}) to number of users, most frequent first
     * @param notMigrated up to {@link #EXAMPLES} lines {@code KEY: reason}
     */
    public record RunSummary(long users, Map<String, Long> byOutcome, List<String> notMigrated) {

        /** How many users that did not migrate are listed. */
        public static final int EXAMPLES = 20;

        public RunSummary {
            byOutcome = Collections.unmodifiableMap(new LinkedHashMap<>(byOutcome));
            notMigrated = List.copyOf(notMigrated);
        }

        /** Users with this outcome. */
        public long count(String outcome) {
            return byOutcome.getOrDefault(outcome, 0L);
        }

        /** True when no user ended in {@code FAILED} or {@code TIMEOUT}: what is left is data to fix, not errors. */
        public boolean withoutErrors() {
            return count("FAILED") == 0 && count("TIMEOUT") == 0;
        }
    }

    /**
     * How far a run over many users has come, for a progress line: {@code 1200/5000 users, 85.3/s, ETA 44s}.
     *
     * @param done    users finished
     * @param total   users in the run
     * @param elapsed time since the run started
     */
    public record BatchProgress(long done, long total, Duration elapsed) {

        /** Users per second so far; 0 before the first completes. */
        public double rate() {
            double seconds = elapsed.toMillis() / 1000.0;
            return seconds <= 0 ? 0 : done / seconds;
        }

        /** Time left at the current rate; null until there is a rate. */
        public Duration eta() {
            double rate = rate();
            return rate <= 0 ? null : Duration.ofMillis((long) ((total - done) / rate * 1000));
        }

        @Override
        public String toString() {
            Duration eta = eta();
            return String.format(java.util.Locale.ROOT, "%d/%d users, %.1f/s, ETA %s", done, total, rate(),
                    eta == null ? "?" : eta.toSeconds() + "s");
        }
    }

    /**
     * Options of a run over many users.
     *
     * @param concurrency users in flight at once
     * @param dryRun      read, validate and transform; write nothing
     * @param force       re-run users already migrated or rolled back (upserts again)
     * @param progress    hears the progress after each user
     * @param clock       the time source of the progress
     */
    public record RunOptions(int concurrency, boolean dryRun, boolean force, Consumer<BatchProgress> progress,
                             Clock clock) {
    }

    /**
     * The questions operators ask the ledger, newest entries first, each entry as the admin API shows it: a user's last
     * attempts ({@code GET /admin/users/{key}}), the last entries with an outcome
     * ({@code GET /admin/migrations?outcome=INVALID}), and the users who broke a rule.
     */
    public interface LedgerHistory {

        /** The user's last {@code limit} entries. */
        Future<List<JsonObject>> ofUser(String userKey, int limit);

        /** The last {@code limit} entries, of one outcome ({@code INVALID}, ...) or of any when null. */
        Future<List<JsonObject>> recent(String outcome, int limit);

        /** The last {@code limit} entries in which a row broke the rule (as written in the plan). */
        Future<List<JsonObject>> brokeRule(String rule, int limit);
    }
}
