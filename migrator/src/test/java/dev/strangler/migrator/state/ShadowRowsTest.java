package dev.strangler.migrator.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.migrator.ShadowStore;
import dev.strangler.migrator.ShadowStore.Batch;
import dev.strangler.migrator.ShadowStore.FieldCount;
import dev.strangler.migrator.ShadowStore.Mismatch;
import dev.strangler.migrator.ShadowStore.RouteReport;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Shadow comparison results on a real state database: counts add up across instances, routes keep their newest. */
@ExtendWith(PostgresExtension.class)
class ShadowRowsTest {

    private static final Instant MINUTE = Instant.parse("2026-11-30T12:00:00Z");

    private Vertx vertx;
    private Pool pool;
    private ShadowStore store;

    @BeforeEach
    void start(@Postgres("modern") TestDatabase modern) {
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().connectingTo(modern.uri()).using(vertx).build();
        StateSchema.upgrade(pool).await();
        pool.query("TRUNCATE strangler.shadow_count, strangler.shadow_field, strangler.shadow_mismatch").execute()
                .await();
        store = new ShadowRows(pool);
    }

    @AfterEach
    void stop() {
        pool.close().await();
        vertx.close().await();
    }

    private static Mismatch mismatch(String route, int n) {
        return new Mismatch(route, MINUTE.plusSeconds(n), "user-" + n, "GET", "/api/" + n, List.of("$.name"),
                "{\"side\":\"modern\",\"n\":" + n + "}", "{\"side\":\"legacy\"}");
    }

    @Test
    void batchesOfTwoInstances_addUp_andTheReportRanksFieldsAndKeepsTheNewestMismatches() {
        store.record(new Batch(Map.of("customer", Map.of("match", 8L, "mismatch", 2L)),
                Map.of("customer", List.of(new FieldCount("$.name", false, 2), new FieldCount("$.nonce", true, 5))),
                List.of(mismatch("customer", 1), mismatch("customer", 2)), MINUTE), 3, MINUTE.minusSeconds(3600))
                .await();
        store.record(new Batch(Map.of("customer", Map.of("match", 10L, "mismatch", 1L, "error", 1L)),
                Map.of("customer", List.of(new FieldCount("$.name", false, 1), new FieldCount("$.city", false, 1))),
                List.of(mismatch("customer", 3), mismatch("customer", 4)), MINUTE), 3, MINUTE.minusSeconds(3600))
                .await();

        List<RouteReport> reports = store.report(MINUTE.minusSeconds(60), 10, 10).await();

        assertThat(reports).singleElement().satisfies(report -> {
            assertThat(report.counts()).isEqualTo(Map.of("match", 18L, "mismatch", 3L, "error", 1L));
            assertThat(report.matchRate()).isEqualTo(18.0 / 21);
            assertThat(report.fields()).containsExactly(new FieldCount("$.name", false, 3),
                    new FieldCount("$.city", false, 1));
            assertThat(report.noise()).containsExactly(new FieldCount("$.nonce", true, 5));
            assertThat(report.mismatches()).extracting(Mismatch::userKey).containsExactly("user-4", "user-3",
                    "user-2");
            assertThat(report.mismatches().get(0).primary()).contains("\"n\": 4");
            assertThat(report.mismatches().get(0).fields()).containsExactly("$.name");
        });
    }

    @Test
    void resultsOlderThanTheRetention_areDeletedByTheNextBatch() {
        Instant old = MINUTE.minus(Duration.ofDays(8));
        store.record(new Batch(Map.of("old", Map.of("match", 1L)),
                Map.of("old", List.of(new FieldCount("$.a", false, 1))), List.of(new Mismatch("old", old, "u", "GET",
                        "/", List.of("$.a"), "{}", "{}")), old), 5, MINUTE.minus(Duration.ofDays(30))).await();
        assertThat(store.report(MINUTE.minus(Duration.ofDays(365)), 10, 10).await())
                .extracting(RouteReport::route).containsExactly("old");

        store.record(new Batch(Map.of("new", Map.of("match", 1L)), Map.of(), List.of(), MINUTE), 5,
                MINUTE.minus(Duration.ofDays(7))).await();

        assertThat(store.report(MINUTE.minus(Duration.ofDays(365)), 10, 10).await())
                .extracting(RouteReport::route).containsExactly("new");
    }

    @Test
    void anonymousMismatch_readsBackWithoutAUser() {
        store.record(new Batch(Map.of(), Map.of(), List.of(new Mismatch("r", MINUTE, null, "HEAD", "/", List.of(
                "status"), "{}", "{}")), MINUTE), 5, MINUTE.minusSeconds(60)).await();

        assertThat(store.report(MINUTE.minusSeconds(1), 10, 10).await().get(0).mismatches().get(0).userKey())
                .isNull();
    }
}
