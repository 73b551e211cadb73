package dev.strangler.migrator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.config.RampFailure;
import dev.strangler.config.RampGates;
import dev.strangler.config.RampPlan;
import dev.strangler.migrator.RampStore;
import dev.strangler.migrator.RampStore.Ramp;
import dev.strangler.migrator.RampStore.RampChange;
import dev.strangler.migrator.RampStore.RampRefused;
import dev.strangler.migrator.RampStore.Status;
import dev.strangler.config.Percent;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ramp tables: each change is a rollout change too, the driver's changes are fenced by its lease. */
@ExtendWith(PostgresExtension.class)
class RampRowsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final RampPlan PLAN = new RampPlan(List.of(Percent.parse("1"), Percent.parse("10"), Percent.ALL),
            Duration.ofMinutes(10), 0, RampGates.NONE, RampFailure.ABORT, false);

    private Vertx vertx;
    private Pool pool;
    private final Instant[] now = {T0};
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now[0];
        }
    };

    private String cohort;

    @BeforeEach
    void start(@Postgres("ramps") TestDatabase modern, TestInfo test) {
        cohort = test.getTestMethod().orElseThrow().getName();
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().connectingTo(modern.uri()).using(vertx).build();
        await(StateSchema.upgrade(pool));
    }

    @AfterEach
    void stop() {
        pool.close();
        await(vertx.close());
    }

    @Test
    void startStepAndComplete_areRolloutChangesWithTheirAudit() {
        RampRows ramps = new RampRows(pool, clock);
        RolloutRows rollout = new RolloutRows(pool, clock);

        Ramp started = await(ramps.start(cohort, PLAN, Percent.ZERO, "alice", "overnight"));
        now[0] = T0.plus(Duration.ofMinutes(10));
        assertThat(await(ramps.lease(cohort, "a", Duration.ofSeconds(30)))).isTrue();
        Ramp stepped = await(ramps.advance(cohort, started.version(), "a", "gates held", "{\"verdict\":\"pass\"}"));
        Ramp last = await(ramps.advance(cohort, stepped.version(), "a", "gates held", null));
        Ramp completed = await(ramps.advance(cohort, last.version(), "a", "gates held", null));

        assertThat(started.percent()).isEqualTo(Percent.parse("1"));
        assertThat(stepped.percent()).isEqualTo(Percent.parse("10"));
        assertThat(stepped.stepStartedAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(completed.status()).isEqualTo(Status.COMPLETED);
        assertThat(await(rollout.all()).get(cohort).percent()).isEqualTo(Percent.ALL);
        assertThat(await(ramps.history(cohort, 10))).extracting(RampChange::action)
                .containsExactly("complete", "step", "step", "start");
        assertThat(await(ramps.history(cohort, 10)).get(2).gates()).isEqualTo("{\"verdict\":\"pass\"}");
        assertThat(await(rollout.all()).get(cohort).changedBy()).isEqualTo("ramp:a");
    }

    @Test
    void stepsAtOrBelowTheCurrentPercentage_areSkipped() {
        RampRows ramps = new RampRows(pool, clock);

        Ramp started = await(ramps.start(cohort, PLAN, Percent.parse("5"), "alice", null));

        assertThat(started.step()).isEqualTo(1);
        assertThatThrownBy(() -> await(ramps.start(cohort + "-2", PLAN, Percent.ALL, "alice", null)))
                .hasRootCauseInstanceOf(RampRefused.class).hasMessageContaining("not below any step");
        assertThatThrownBy(() -> await(ramps.start(cohort, PLAN, Percent.ZERO, "alice", null)))
                .hasRootCauseInstanceOf(RampRefused.class).hasMessageContaining("running or paused");
    }

    @Test
    void lease_isHeldByOneInstanceUntilItExpires() {
        RampRows ramps = new RampRows(pool, clock);
        Ramp started = await(ramps.start(cohort, PLAN, Percent.ZERO, "alice", null));

        assertThat(await(ramps.lease(cohort, "a", Duration.ofSeconds(30)))).isTrue();
        assertThat(await(ramps.lease(cohort, "b", Duration.ofSeconds(30)))).isFalse();
        assertThatThrownBy(() -> await(ramps.advance(cohort, started.version(), "b", "x", null)))
                .hasRootCauseInstanceOf(RampRefused.class).hasMessageContaining("lease");
        now[0] = T0.plus(Duration.ofSeconds(31));
        assertThat(await(ramps.lease(cohort, "b", Duration.ofSeconds(30)))).isTrue();
        assertThatThrownBy(() -> await(ramps.advance(cohort, started.version(), "a", "x", null)))
                .hasRootCauseInstanceOf(RampRefused.class).hasMessageContaining("lease");
        assertThat(await(ramps.advance(cohort, started.version(), "b", "x", null)).step()).isEqualTo(1);
    }

    @Test
    void abort_setsThePercentageToZeroAndStaleVersionsAreRefused() {
        RampRows ramps = new RampRows(pool, clock);
        Ramp started = await(ramps.start(cohort, PLAN, Percent.ZERO, "alice", null));
        Ramp paused = await(ramps.pause(cohort, null, null, "bob", "looking", null));
        assertThat(await(new RolloutRows(pool, clock).all()).get(cohort).reason())
                .isEqualTo("ramp pause 1/3: looking");

        assertThatThrownBy(() -> await(ramps.abort(cohort, started.version(), null, "x", "stale", null)))
                .hasRootCauseInstanceOf(RampRefused.class).hasMessageContaining("version");
        Ramp aborted = await(ramps.abort(cohort, paused.version(), null, "bob", "errors", "{}"));

        assertThat(aborted.status()).isEqualTo(Status.ABORTED);
        assertThat(await(new RolloutRows(pool, clock).all()).get(cohort).percent()).isEqualTo(Percent.ZERO);
        assertThat(await(ramps.history(cohort, 1)).get(0).reason()).isEqualTo("errors");
        assertThatThrownBy(() -> await(ramps.resume(cohort, "bob", null)))
                .hasRootCauseInstanceOf(RampRefused.class).hasMessageContaining("not paused");
        assertThat(await(ramps.start(cohort, PLAN, Percent.ZERO, "alice", "again")).status())
                .isEqualTo(Status.RUNNING);
    }

    @Test
    void measurements_ofEveryInstance_areSummedOverTheWindow() {
        RampRows ramps = new RampRows(pool, clock);
        long[] latency = new long[RampStore.Counts.BUCKETS];
        latency[RampStore.Counts.bucketOf(20_000_000)] = 10;
        RampStore.Counts ten = new RampStore.Counts(10, 1, 10, 2, latency, latency, 3, 1);

        await(ramps.record("a", cohort, T0, ten));
        await(ramps.record("a", cohort, T0, ten));
        await(ramps.record("b", cohort, T0.plusSeconds(5), ten));
        await(ramps.record("b", cohort, T0.plusSeconds(700), ten));
        await(ramps.record("b", cohort + "-other", T0, ten));

        RampStore.Counts window = await(ramps.measured(cohort, T0, T0.plusSeconds(600)));
        assertThat(window).isEqualTo(ten.plus(ten).plus(ten));
        assertThat(window.modernP99Millis()).isBetween(20.0, 22.0);
        await(ramps.forgetMeasurementsBefore(T0.plusSeconds(1)));
        assertThat(await(ramps.measured(cohort, T0, T0.plusSeconds(600)))).isEqualTo(ten);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
