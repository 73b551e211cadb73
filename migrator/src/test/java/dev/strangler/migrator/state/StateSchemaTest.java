package dev.strangler.migrator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            assertThat(applied).containsExactlyElementsOf(
                    StateSchema.ordered(StateSchema.SCRIPTS).stream().map(StateSchema.Script::version).toList());
            assertThat(applied).startsWith(1).endsWith(StateSchema.latestVersion());
        } finally {
            pools.forEach(Pool::close);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void scriptMergedInBelowTheHighestApplied_isAppliedToo(@Postgres("merged") TestDatabase modern) throws Exception {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().connectingTo(modern.uri()).using(vertx).build();
        try {
            await(StateSchema.upgrade(pool, StateSchema.ordered(
                    List.of("V1__user_state_and_ledger.sql", "V3__backfill_claims.sql"))));
            int found = await(StateSchema.upgrade(pool, StateSchema.ordered(
                    List.of("V1__user_state_and_ledger.sql", "V2__merged_later.sql", "V3__backfill_claims.sql"))));

            assertThat(found).isEqualTo(3);
            assertThat(await(StateSchema.appliedVersions(pool))).containsExactly(1, 2, 3);
            assertThat(await(pool.query("SELECT count(*) AS n FROM strangler.merged_later").execute())
                    .iterator().next().getLong("n")).isZero();
        } finally {
            pool.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void deletedUserState_notifiesTheUser(@Postgres("deleted") TestDatabase modern) throws Exception {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().connectingTo(modern.uri()).using(vertx).build();
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            await(StateSchema.upgrade(pool));
            await(pool.query("INSERT INTO strangler.user_state (user_key, state, updated_at)"
                    + " VALUES ('GONE1', 'MIGRATED', now())").execute());
            io.vertx.pgclient.PgConnection listener = await(io.vertx.pgclient.PgConnection.connect(vertx,
                    io.vertx.pgclient.PgConnectOptions.fromUri(modern.uri())));
            listener.notificationHandler(notification -> heard.add(notification.getPayload()));
            await(listener.query("LISTEN strangler_control").execute());

            await(pool.query("DELETE FROM strangler.user_state WHERE user_key = 'GONE1'").execute());

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> heard.contains("user GONE1"));
            listener.close();
        } finally {
            pool.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void cleanedMarkWrittenOrOwedAgain_notifiesTheUser(@Postgres("cleaned") TestDatabase modern) throws Exception {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().connectingTo(modern.uri()).using(vertx).build();
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            await(StateSchema.upgrade(pool));
            await(pool.query("INSERT INTO strangler.user_state (user_key, state, cleaned_pending, updated_at)"
                    + " VALUES ('OWED1', 'MIGRATED', true, now())").execute());
            io.vertx.pgclient.PgConnection listener = await(io.vertx.pgclient.PgConnection.connect(vertx,
                    io.vertx.pgclient.PgConnectOptions.fromUri(modern.uri())));
            listener.notificationHandler(notification -> heard.add(notification.getPayload()));
            await(listener.query("LISTEN strangler_control").execute());

            await(pool.query("UPDATE strangler.user_state SET cleaned_pending = false WHERE user_key = 'OWED1'")
                    .execute());
            await(pool.query("UPDATE strangler.user_state SET cleaned_pending = true WHERE user_key = 'OWED1'")
                    .execute());

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> heard.size() >= 2);
            assertThat(heard).as("the mark written, then owed again")
                    .containsExactly("user OWED1", "user OWED1");
            listener.close();
        } finally {
            pool.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void ordered_takesVersionsFromFileNamesAndAllowsGaps() {
        assertThat(StateSchema.ordered(List.of("V1__a.sql", "V3__b_c.sql", "V10__d.sql")))
                .extracting(StateSchema.Script::version).containsExactly(1, 3, 10);
    }

    @Test
    void ordered_versionsNotIncreasing_isRefused() {
        assertThatThrownBy(() -> StateSchema.ordered(List.of("V1__a.sql", "V3__b.sql", "V2__c.sql")))
                .hasMessageContaining("V2__c.sql: version 2 (expected: more than 3");
        assertThatThrownBy(() -> StateSchema.ordered(List.of("V1__a.sql", "V1__b.sql")))
                .hasMessageContaining("version 1 (expected: more than 1");
    }

    @Test
    void ordered_nameWithoutVersion_isRefused() {
        assertThatThrownBy(() -> StateSchema.ordered(List.of("user_state.sql")))
                .hasMessageContaining("expected a name V<n>__<words>.sql");
    }
}
