package dev.strangler.proxy.metrics;

import dev.strangler.migrator.Coexistence;
import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.CohortStages.StageRecord;
import dev.strangler.migrator.Coexistence.SyncStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The coexistence figures of issue 17 on every instance's {@code /metrics}, read on a timer from what the sync
 * process last wrote to the state database (it runs apart, as {@code strangler sync}):
 * {@code strangler_sync_lag_seconds{direction}}, {@code strangler_sync_events_applied{direction}},
 * {@code strangler_sync_events_skipped{reason}}, {@code strangler_sync_conflicts{entity}},
 * {@code strangler_sync_retained_wal_bytes{slot}}, {@code strangler_sync_status_age_seconds} (how old those figures
 * are: a stopped sync shows here), and {@code strangler_cohort_stage{cohort,stage}} (1 for each cohort's stage).
 */
public final class SyncGauges {

    /** The sync whose figures are shown: the default name of {@code strangler sync}. */
    public static final String SYNC_NAME = "strangler";

    private final Vertx vertx;
    private final Coexistence coexistence;
    private final Supplier<List<String>> cohorts;
    private final Clock clock;
    private final MultiGauge lag;
    private final MultiGauge applied;
    private final MultiGauge skipped;
    private final MultiGauge conflicts;
    private final MultiGauge retainedWal;
    private final MultiGauge stages;
    private final AtomicReference<Double> statusAge = new AtomicReference<>(Double.NaN);
    private final long timer;

    public SyncGauges(Vertx vertx, Coexistence coexistence, Supplier<List<String>> cohorts, MeterRegistry registry,
                      Clock clock, Duration every) {
        this.vertx = vertx;
        this.coexistence = coexistence;
        this.cohorts = cohorts;
        this.clock = clock;
        this.lag = MultiGauge.builder("strangler.sync.lag").baseUnit("seconds")
                .description("Age of the last change the sync applied, when it applied it").register(registry);
        this.applied = MultiGauge.builder("strangler.sync.events.applied")
                .description("Captured changes applied to the other side since the sync started").register(registry);
        this.skipped = MultiGauge.builder("strangler.sync.events.skipped")
                .description("Captured changes not applied, by reason").register(registry);
        this.conflicts = MultiGauge.builder("strangler.sync.conflicts")
                .description("Fields both sides changed since the last sync (the owner won), by entity")
                .register(registry);
        this.retainedWal = MultiGauge.builder("strangler.sync.retained.wal").baseUnit("bytes")
                .description("WAL each replication slot keeps on its server").register(registry);
        this.stages = MultiGauge.builder("strangler.cohort.stage")
                .description("1 for the stage each cohort is in").register(registry);
        Gauge.builder("strangler.sync.status.age", statusAge, AtomicReference::get).baseUnit("seconds")
                .description("How old the sync's last written figures are (NaN: never ran)").register(registry);
        this.timer = vertx.setPeriodic(1, every.toMillis(), id -> refresh());
    }

    /** Reads the sync's last figures and the stages now. */
    public Future<Void> refresh() {
        Future<Void> sync = coexistence.lastStatus(SYNC_NAME).map(found -> {
            found.ifPresentOrElse(this::publish, () -> statusAge.set(Double.NaN));
            return (Void) null;
        }).otherwiseEmpty();
        Future<Void> stage = coexistence.stages().all().map(set -> {
            publishStages(set);
            return (Void) null;
        }).otherwiseEmpty();
        return Future.join(sync, stage).mapEmpty();
    }

    private void publish(SyncStatus status) {
        statusAge.set(Duration.between(status.updatedAt(), clock.instant()).toMillis() / 1000.0);
        lag.register(rows("direction", status.lagSeconds()), true);
        applied.register(rows("direction", status.applied()), true);
        skipped.register(rows("reason", status.skipped()), true);
        conflicts.register(rows("entity", status.conflicts()), true);
        retainedWal.register(rows("slot", status.retainedWal()), true);
    }

    private void publishStages(Map<String, StageRecord> set) {
        List<MultiGauge.Row<?>> values = new ArrayList<>();
        for (String cohort : cohorts.get()) {
            StageRecord record = set.get(cohort);
            CohortStage current = record == null ? CohortStage.DEFAULT : record.stage();
            for (CohortStage stage : CohortStage.values()) {
                values.add(MultiGauge.Row.of(Tags.of("cohort", cohort, "stage", stage.id()), stage == current ? 1 : 0));
            }
        }
        stages.register(values, true);
    }

    private static List<MultiGauge.Row<?>> rows(String tag, Map<String, ? extends Number> values) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        values.forEach((key, value) -> rows.add(MultiGauge.Row.of(Tags.of(tag, key), value)));
        return rows;
    }

    public void close() {
        vertx.cancelTimer(timer);
    }
}
