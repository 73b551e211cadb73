package dev.strangler.proxy.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationAdmission;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.RolloutStore.RuntimePercent;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.proxy.routing.AdmissionBucket;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.proxy.routing.MigratedKeys;
import dev.strangler.proxy.routing.RequestPathEvents;
import dev.strangler.proxy.routing.UserFactsCache;
import dev.strangler.config.Percent;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeRolloutTest {

    private static final String CONFIG = """
            server: { port: 8080 }
            admin: { port: 9090, token: "a-test-token-of-sufficient-length" }
            upstreams:
              legacy: { url: "http://127.0.0.1:1" }
              modern: { url: "http://127.0.0.1:2" }
            identity:
              - header: X-User-Id
            routing:
              salt: rollout-2026
              routes:
                - { id: orders, path: "/api/orders/**", to: rollout }
              cohorts:
                - { name: staff, users: [ALFKI], percent: 100 }
                - { name: everyone, percent: 0 }
            migration:
              legacy: "postgresql://u@127.0.0.1:1/legacy"
              modern: "postgresql://u@127.0.0.1:1/modern"
              users: "SELECT customer_id FROM customers"
              entities:
                - name: customer
                  cardinality: one
                  fetch: "SELECT * FROM customers WHERE customer_id = $1"
                  map: { id: row.customer_id }
                  upsert: "INSERT INTO customer (id) VALUES (:id) ON CONFLICT (id) DO NOTHING"
            """;

    private final DecidingResolver resolver = resolver();
    private final RuntimeRollout rollout = new RuntimeRollout(resolver);

    @Test
    void olderSnapshotCompletingLast_doesNotUndoANewerOne() {
        Map<String, RuntimePercent> older = Map.of("everyone", percent("everyone", "10", 1));
        Map<String, RuntimePercent> newer = Map.of("everyone", percent("everyone", "25", 2));

        rollout.runtime(newer);
        rollout.runtime(older);

        assertThat(resolver.table().percentages().get("everyone")).isEqualTo(Percent.parse("25"));
        assertThat(rollout.runtimeValues().get("everyone").version()).isEqualTo(2);
    }

    @Test
    void newerSnapshot_replacesTheOlderOne_cohortByCohort() {
        rollout.runtime(Map.of("everyone", percent("everyone", "10", 1), "staff", percent("staff", "50", 4)));
        rollout.runtime(Map.of("everyone", percent("everyone", "12.5", 2), "staff", percent("staff", "40", 3)));

        assertThat(resolver.table().percentages().get("everyone")).isEqualTo(Percent.parse("12.5"));
        assertThat(resolver.table().percentages().get("staff")).isEqualTo(Percent.parse("50"));
    }

    private static RuntimePercent percent(String cohort, String value, long version) {
        return new RuntimePercent(cohort, Percent.parse(value), version, "test", Instant.EPOCH, null);
    }

    private static DecidingResolver resolver() {
        MigrationEngine engine = new MigrationEngine() {
            @Override
            public Future<MigrationEngine.Outcome> ensureMigrated(String userKey, Trigger trigger) {
                return Future.succeededFuture(new MigrationEngine.Outcome.AlreadyMigrated(userKey));
            }

            @Override
            public Optional<Future<MigrationEngine.Outcome>> inFlight(String userKey) {
                return Optional.empty();
            }

            @Override
            public Future<MigrationEngine.Outcome> migrate(String userKey, Trigger trigger, boolean force) {
                return ensureMigrated(userKey, trigger);
            }

            @Override
            public Future<DryRun> dryRun(String userKey) {
                return Future.failedFuture(new UnsupportedOperationException("the request path never dry-runs"));
            }

            @Override
            public boolean retryDue(UserFacts facts) {
                return false;
            }
        };
        MigratedKeys keys = new MigratedKeys();
        UserFactsCache facts = new UserFactsCache(userKey -> Future.succeededFuture(UserFacts.pending(userKey)), keys,
                10, Duration.ofSeconds(30), Duration.ofSeconds(2));
        return new DecidingResolver(ConfigLoader.parse("strangler.yaml", CONFIG, Map.of())
                .orElseThrow().routingTable(), facts, engine, keys,
                new AdmissionBucket(MigrationAdmission.DEFAULT, Clock.systemUTC()), RequestPathEvents.NONE,
                Clock.systemUTC(),
                new DecidingResolver.Settings(Duration.ofMinutes(10), Duration.ofSeconds(4), Duration.ofSeconds(2)));
    }
}
