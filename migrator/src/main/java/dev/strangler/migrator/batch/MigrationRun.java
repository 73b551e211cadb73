package dev.strangler.migrator.batch;

import dev.strangler.migrator.MigrationOutcome;
import dev.strangler.migrator.Trigger;
import dev.strangler.migrator.engine.Migrator;
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
public final class MigrationRun {

    /** Options of a run. */
    public record Options(int concurrency, boolean dryRun, boolean force, Consumer<BatchProgress> progress,
                          Clock clock) {
    }

    private MigrationRun() {
    }

    /** Re-runs every user whose last attempt was invalid or failed. */
    public static Future<RunSummary> failed(Migrator migrator, Options options) {
        return migrator.states().keysIn(Set.of(UserState.INVALID, UserState.FAILED))
                .compose(keys -> users(migrator, keys, options));
    }

    /** Attempts every legacy user; those already migrated are skipped without a ledger entry unless forced. */
    public static Future<RunSummary> all(Migrator migrator, Options options) {
        return migrator.legacyUsers().compose(keys -> users(migrator, keys, options));
    }

    /** Attempts the given users. */
    public static Future<RunSummary> users(Migrator migrator, List<String> keys, Options options) {
        return Batch.run(keys, options.concurrency(), key -> one(migrator, key, options), options.progress(),
                options.clock()).map(MigrationRun::summarise);
    }

    private static Future<Result> one(Migrator migrator, String key, Options options) {
        if (options.dryRun()) {
            return migrator.dryRun(key)
                    .map(dryRun -> dryRun.wouldMigrate() ? new Result(key, "WOULD_MIGRATE", null)
                            : new Result(key, "INVALID",
                                    new MigrationOutcome.Invalid(key, dryRun.violations()).detail()))
                    .otherwise(error -> new Result(key, "FAILED", error.getMessage()));
        }
        if (options.force()) {
            return migrator.migrate(key, Trigger.CLI, true).map(MigrationRun::result);
        }
        return migrator.states().find(key).compose(facts -> facts.state() == UserState.MIGRATED
                ? Future.succeededFuture(new Result(key, "SKIPPED", null))
                : migrator.migrate(key, Trigger.CLI, false).map(MigrationRun::result));
    }

    private static Result result(MigrationOutcome outcome) {
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
