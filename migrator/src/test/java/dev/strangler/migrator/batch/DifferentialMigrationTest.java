package dev.strangler.migrator.batch;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Reports.BatchProgress;
import dev.strangler.migrator.Reports.RuleCount;
import dev.strangler.migrator.Reports.RunOptions;
import dev.strangler.migrator.Reports.RunSummary;
import dev.strangler.migrator.Reports.StatusReport;
import dev.strangler.migrator.engine.Northwind;
import dev.strangler.rules.UserState;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Fix a rule, re-run the failed users: exactly the users that failed only that rule move. */
@ExtendWith(PostgresExtension.class)
class DifferentialMigrationTest {

    @Test
    void fixedRule_migrateFailed_movesExactlyTheUsersThatFailedOnlyThatRule(
            @Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan strict = Northwind.plan(legacy, modern);
        MigrationPlan fixed = Northwind.plan(legacy.uri(), modern.uri(), Duration.ofSeconds(5),
                Map.of("COUNTRY_RULE", Northwind.LENIENT_COUNTRY_RULE));
        List<BatchProgress> progress = new ArrayList<>();
        RunOptions options = new RunOptions(4, false, false, progress::add, Clock.systemUTC());
        try {
            RunSummary first;
            try (Migrator migrator = Northwind.start(vertx, strict, settings(strict))) {
                first = await(migrator.reports().migrateAll(options));
            }
            long ledgerAfterFirst = count(modern, "SELECT count(*) FROM strangler.ledger");
            RunSummary dryRun;
            RunSummary rerun;
            StatusReport status;
            try (Migrator migrator = Northwind.start(vertx, fixed, settings(fixed))) {
                dryRun = await(migrator.reports().migrateFailed(new RunOptions(2, true, false, p -> { },
                        Clock.systemUTC())));
                long ledgerAfterDryRun = count(modern, "SELECT count(*) FROM strangler.ledger");
                assertThat(ledgerAfterDryRun).isEqualTo(ledgerAfterFirst);
                rerun = await(migrator.reports().migrateFailed(options));
                status = await(migrator.reports().status(Clock.systemUTC()));
            }

            assertThat(first.users()).isEqualTo(12);
            assertThat(first.byOutcome()).containsEntry("MIGRATED", 9L).containsEntry("INVALID", 3L);
            assertThat(progress).extracting(BatchProgress::done, BatchProgress::total)
                    .contains(tuple(12L, 12L), tuple(3L, 3L));
            assertThat(dryRun.byOutcome()).containsEntry("WOULD_MIGRATE", 2L).containsEntry("INVALID", 1L);
            assertThat(rerun.users()).isEqualTo(3);
            assertThat(rerun.byOutcome()).containsEntry("MIGRATED", 2L).containsEntry("INVALID", 1L);
            assertThat(rows(modern, "SELECT user_key FROM strangler.ledger WHERE id > " + ledgerAfterFirst
                    + " ORDER BY user_key")).extracting(row -> row.get("user_key"))
                    .containsExactly("BLANK", "NOCT2", "NOCTY");
            assertThat(rows(modern, "SELECT id FROM customer WHERE country IS NULL ORDER BY id"))
                    .extracting(row -> row.get("id")).containsExactly("NOCT2", "NOCTY");
            assertThat(rows(modern, "SELECT user_key FROM strangler.user_state WHERE state = 'INVALID'"))
                    .extracting(row -> row.get("user_key")).containsExactly("BLANK");
            assertThat(status.byState()).containsEntry(UserState.MIGRATED, 11L).containsEntry(UserState.INVALID, 1L)
                    .containsEntry(UserState.PENDING, 0L);
            assertThat(status.legacyUsers()).isEqualTo(12);
            assertThat(status.percentMigrated()).isBetween(91.6, 91.7);
            assertThat(status.migratedLastHour()).isEqualTo(11);
            assertThat(status.failingRules()).extracting(RuleCount::rule).containsExactlyInAnyOrder(
                    "row.company_name.size() > 0", "row.freight >= 0.0", "row.quantity > 0");
            assertThat(status.failingRules()).allSatisfy(rule -> assertThat(rule.examples()).containsExactly("BLANK"));
        } finally {
            await(vertx.close());
        }
    }

    private static MigratorSettings settings(MigrationPlan plan) {
        return MigratorSettings.defaults(plan).withExtensions(List.of()).withPoolSize(4);
    }
}
