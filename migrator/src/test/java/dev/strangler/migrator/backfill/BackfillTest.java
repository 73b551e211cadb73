package dev.strangler.migrator.backfill;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.engine.Northwind;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two backfill workers and lazy traffic over the same users at once. */
@ExtendWith(PostgresExtension.class)
class BackfillTest {

    private static final int GENERATED = 400;

    @Test
    void twoWorkersAndLazyTraffic_migrateEveryValidUserExactlyOnce(@Postgres("legacy") TestDatabase legacy,
                                                                  @Postgres("modern") TestDatabase modern)
            throws Exception {
        Northwind.createSchemas(legacy, modern);
        GeneratedCustomers.add(legacy, GENERATED);
        long users = count(legacy, "SELECT count(*) FROM customers");
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        List<Migrator> migrators = new ArrayList<>();
        try {
            for (String instance : List.of("worker-a", "worker-b", "lazy")) {
                migrators.add(Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId(instance)
                        .withExtensions(List.of())));
            }
            Set<String> byA = ConcurrentHashMap.newKeySet();
            Set<String> byB = ConcurrentHashMap.newKeySet();
            Backfills.Settings settings = Backfills.Settings.defaults().withRate(0).withConcurrency(4)
                    .withBatchSize(16);
            Backfills.Running a = migrators.get(0).backfills().start(settings.withWorkerId("a"), recorder(byA),
                    Clock.systemUTC());
            Backfills.Running b = migrators.get(1).backfills().start(settings.withWorkerId("b"), recorder(byB),
                    Clock.systemUTC());
            List<Future<MigrationEngine.Outcome>> lazy = new ArrayList<>();
            for (int i = 1; i <= GENERATED; i += 7) {
                lazy.add(migrators.get(2).engine().ensureMigrated("G" + String.format("%04d", i), Trigger.REQUEST));
            }
            Backfills.Summary first = await(a.done());
            Backfills.Summary second = await(b.done());
            await(Future.join(new ArrayList<>(lazy)));

            long invalid = GeneratedCustomers.invalid(GENERATED);
            assertThat(byA).doesNotContainAnyElementsOf(byB);
            assertThat(first.progress().done() + second.progress().done()).isEqualTo(byA.size() + byB.size());
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE state = 'MIGRATED'"))
                    .isEqualTo(users - invalid);
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE state = 'INVALID'"))
                    .isEqualTo(invalid);
            assertThat(count(modern, "SELECT count(DISTINCT user_key) FROM strangler.ledger"
                    + " WHERE outcome = 'MIGRATED'")).isEqualTo(users - invalid);
            assertThat(rows(modern, "SELECT user_key FROM strangler.ledger WHERE outcome = 'MIGRATED'"
                    + " GROUP BY user_key HAVING count(*) > 1")).isEmpty();
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE trigger = 'backfill'"))
                    .isPositive();
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE claimed_by IS NOT NULL"))
                    .isZero();
            assertThat(count(modern, "SELECT count(*) FROM customer")).isEqualTo(users - invalid);
            assertThat(first.failuresByRule()).containsKey("row.country != null");
            assertThat(first.withoutErrors()).isTrue();
            assertThat(second.withoutErrors()).isTrue();
        } finally {
            migrators.forEach(Migrator::close);
            await(vertx.close());
        }
    }

    @Test
    void limitThenRestart_resumesWhereItStopped(@Postgres("legacy2") TestDatabase legacy,
                                               @Postgres("modern2") TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        try {
            Backfills.Settings settings = Backfills.Settings.defaults().withRate(0).withBatchSize(2).withConcurrency(1);
            Backfills.Summary first = await(migrator.backfills().start(settings.withLimit(5),
                    Backfills.Listener.NONE, Clock.systemUTC()).done());
            Backfills.Summary rest = await(migrator.backfills().start(settings, Backfills.Listener.NONE,
                    Clock.systemUTC()).done());

            assertThat(first.progress().done()).isEqualTo(5);
            assertThat(first.seeded()).isEqualTo(12);
            assertThat(rest.seeded()).isZero();
            assertThat(rest.progress().done()).isEqualTo(7);
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger")).isEqualTo(12);
            assertThat(rest.toJson().getLong("done")).isEqualTo(7);
            assertThat(rest.toJson().getJsonObject("failuresByRule").getLong("row.country != null")).isEqualTo(2);
            assertThat(rest.toJson().getBoolean("stopped")).isFalse();
            assertThat(count(modern, "SELECT count(*) FROM strangler.user_state WHERE state = 'PENDING'")).isZero();
        } finally {
            migrator.close();
            await(vertx.close());
        }
    }

    private static Backfills.Listener recorder(Set<String> attempted) {
        return new Backfills.Listener() {
            @Override
            public void attempted(MigrationEngine.Outcome outcome, Duration took) {
                assertThat(attempted.add(outcome.userKey())).as("attempted twice: " + outcome.userKey()).isTrue();
            }
        };
    }
}
