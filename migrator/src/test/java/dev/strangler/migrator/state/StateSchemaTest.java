package dev.strangler.migrator.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class StateSchemaTest {

    @Test
    void instancesStartingTogether_applyEachScriptOnce(@Postgres("modern") TestDatabase modern) throws Exception {
        Vertx vertx = Vertx.vertx();
        List<Pool> pools = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                pools.add(PgBuilder.pool().connectingTo(modern.uri()).using(vertx).build());
            }
            List<Future<Integer>> upgrades = pools.stream().map(StateSchema::upgrade).toList();
            List<Integer> found = new ArrayList<>();
            for (Future<Integer> upgrade : upgrades) {
                found.add(upgrade.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
            }
            List<Integer> applied = StateSchema.appliedVersions(pools.get(0))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(found).containsOnly(0, StateSchema.latestVersion()).containsOnlyOnce(0);
            assertThat(applied).hasSize(StateSchema.latestVersion()).startsWith(1);
        } finally {
            pools.forEach(Pool::close);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
