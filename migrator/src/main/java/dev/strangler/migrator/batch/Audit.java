package dev.strangler.migrator.batch;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.Reports.AuditReport;
import dev.strangler.migrator.Reports.BatchProgress;
import dev.strangler.migrator.Reports.RuleCount;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code strangler audit}: a dry run of every legacy user listed by the plan's {@code users} query, nothing
 * written anywhere, summed up as violations by entity and rule with example users, and the share of users that
 * would migrate today.
 */
final class Audit {

    private static final int ERROR_EXAMPLES = 20;

    private Audit() {
    }

    static Future<AuditReport> run(Future<List<String>> legacyUsers, MigrationEngine engine, String planVersion,
                                   int concurrency, Consumer<BatchProgress> progress, Clock clock) {
        return legacyUsers
                .compose(keys -> Batch.run(keys, concurrency, key -> engine.dryRun(key)
                        .map(Checked::of)
                        .otherwise(error -> new Checked(key, null, String.valueOf(error.getMessage()))),
                        progress, clock))
                .map(results -> summarise(results, planVersion, clock));
    }

    private static AuditReport summarise(List<Checked> results, String planVersion, Clock clock) {
        Map<List<String>, Tally> tallies = new LinkedHashMap<>();
        long wouldMigrate = 0;
        List<String> errors = new ArrayList<>();
        for (Checked checked : results) {
            if (checked.error() != null) {
                if (errors.size() < ERROR_EXAMPLES) {
                    errors.add(checked.key() + ": " + checked.error());
                }
                continue;
            }
            if (checked.dryRun().wouldMigrate()) {
                wouldMigrate++;
            }
            for (Violation violation : checked.dryRun().violations()) {
                tallies.computeIfAbsent(List.of(String.valueOf(violation.entity()), String.valueOf(violation.rule())),
                        k -> new Tally(violation.message())).add(checked.key());
            }
        }
        List<RuleCount> rules = new ArrayList<>();
        tallies.forEach((key, tally) -> rules.add(new RuleCount(key.get(0), key.get(1), tally.message,
                tally.users.size(), tally.rows, tally.users.stream().limit(RuleCount.EXAMPLES).toList())));
        rules.sort(Comparator.comparingLong(RuleCount::users).reversed());
        return new AuditReport(clock.instant(), planVersion, results.size(), wouldMigrate, rules, errors);
    }

    private record Checked(String key, DryRun dryRun, String error) {
        static Checked of(DryRun dryRun) {
            return new Checked(dryRun.userKey(), dryRun, null);
        }
    }

    private static final class Tally {
        private final String message;
        private final Set<String> users = new LinkedHashSet<>();
        private long rows;

        Tally(String message) {
            this.message = message;
        }

        void add(String user) {
            users.add(user);
            rows++;
        }
    }
}
