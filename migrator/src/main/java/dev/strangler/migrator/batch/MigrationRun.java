package dev.strangler.migrator.batch;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Reports.RunOptions;
import dev.strangler.migrator.Reports.RunSummary;
import dev.strangler.migrator.UserStateStore;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code strangler migrate} over many users. {@link #failed} is the differential migration: only users whose state
 * is {@code INVALID} or {@code FAILED} are attempted, so after a rule is fixed only what failed moves again.
 * {@link #all} attempts every legacy user not yet migrated. With {@code dryRun}, users are read, validated and
 * transformed, and nothing is written.
 */
final class MigrationRun {


    private MigrationRun() {
    }

    /** Re-runs every user whose last attempt was invalid or failed. */
    static Future<RunSummary> failed(MigrationEngine migrator, UserStateStore states, RunOptions options) {
        return states.keysIn(Set.of(UserState.INVALID, UserState.FAILED))
                .compose(keys -> users(migrator, states, keys, options));
    }

    /** Attempts every legacy user; those already migrated are skipped without a ledger entry unless forced. */
    static Future<RunSummary> all(MigrationEngine migrator, UserStateStore states, Future<List<String>> legacyUsers,
                                  RunOptions options) {
        return legacyUsers.compose(keys -> users(migrator, states, keys, options));
    }

    /** Attempts the given users. */
    static Future<RunSummary> users(MigrationEngine migrator, UserStateStore states, List<String> keys,
                                    RunOptions options) {
        return Batch.run(keys, options.concurrency(), key -> one(migrator, states, key, options), options.progress(),
                options.clock()).map(MigrationRun::summarise);
    }

    private static Future<Result> one(MigrationEngine migrator, UserStateStore states, String key,
                                      RunOptions options) {
        if (options.dryRun()) {
            return migrator.dryRun(key)
                    .map(dryRun -> dryRun.wouldMigrate() ? new Result(key, "WOULD_MIGRATE", null)
                            : new Result(key, "INVALID",
                                    new MigrationEngine.Outcome.Invalid(key, dryRun.violations()).detail()))
                    .otherwise(error -> new Result(key, "FAILED", error.getMessage()));
        }
        if (options.force()) {
            return migrator.migrate(key, Trigger.CLI, true).map(MigrationRun::result);
        }
        return states.find(key).compose(facts -> facts.state() == UserState.MIGRATED
                ? Future.succeededFuture(new Result(key, "SKIPPED", null))
                : migrator.migrate(key, Trigger.CLI, false).map(MigrationRun::result));
    }

    private static Result result(MigrationEngine.Outcome outcome) {
        return new Result(outcome.userKey(), outcome.ledgerOutcome(), outcome.servedByModern() ? null
                : outcome.detail());
    }

    private static RunSummary summarise(List<Result> results) {
        Map<String, Long> counts = results.stream().filter(r -> r != null)
                .collect(Collectors.groupingBy(Result::outcome, Collectors.counting()));
        Map<String, Long> ordered = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        List<String> notMigrated = new ArrayList<>();
        for (Result r : results) {
            if (r != null && r.reason() != null && notMigrated.size() < RunSummary.EXAMPLES) {
                notMigrated.add(r.key() + ": " + r.reason());
            }
        }
        return new RunSummary(results.size(), ordered, notMigrated);
    }

    private record Result(String key, String outcome, String reason) {
    }
}
