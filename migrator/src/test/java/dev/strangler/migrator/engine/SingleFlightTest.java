package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.rules.UserState;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many callers, several instances (separate pools, as separate proxies have), one user: one migration. */
@ExtendWith(PostgresExtension.class)
class SingleFlightTest {

    @Test
    void hundredConcurrentCalls_overThreeInstances_migrateOnce(@Postgres("legacy") TestDatabase legacy,
                                                               @Postgres("modern") TestDatabase modern)
            throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        List<Migrator> instances = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            instances.add(Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("proxy-" + i)
                    .withPoolSize(4).withExtensions(List.of())));
        }
        Northwind.run(legacy, "INSERT INTO fault VALUES ('slow', 'CONCU', 0.2)");
        try {
            List<Future<MigrationEngine.Outcome>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(instances.get(i % 3).ensureMigrated("CONCU", Trigger.REQUEST));
            }
            List<MigrationEngine.Outcome> outcomes = calls.stream().map(Northwind::await).toList();

            assertThat(outcomes).allSatisfy(outcome -> {
                assertThat(outcome.state()).isEqualTo(UserState.MIGRATED);
                assertThat(outcome.servedByModern()).isTrue();
                assertThat(outcome.userKey()).isEqualTo("CONCU");
            });
            assertThat(outcomes).filteredOn(MigrationEngine.Outcome.Migrated.class::isInstance).isNotEmpty()
                    .allSatisfy(outcome -> assertThat(outcome).isEqualTo(outcomes.stream()
                            .filter(MigrationEngine.Outcome.Migrated.class::isInstance).findFirst().orElseThrow()));
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'CONCU'")).isEqualTo(1);
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE outcome = 'MIGRATED'"))
                    .isEqualTo(1);
            assertThat(count(modern, "SELECT count(*) FROM customer_order WHERE customer_id = 'CONCU'")).isEqualTo(1);
            assertThat(instances).allSatisfy(instance -> assertThat(instance.inFlight("CONCU")).isEmpty());
        } finally {
            instances.forEach(Migrator::close);
            await(vertx.close());
        }
    }
}
