package dev.strangler.proxy.ramp;

import dev.strangler.migrator.RampStore.Ramp;
import dev.strangler.migrator.RampStore.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The ramps as Prometheus metrics. Every instance publishes the fleet's ramps as it last read them from the state
 * database: {@code strangler_ramp_percent{cohort}} (the current step's percentage; 0 once aborted),
 * {@code strangler_ramp_step{cohort}} (1 for the first step), {@code strangler_ramp_status{cohort,status}} (1 for
 * the ramp's status, 0 for the others) and {@code strangler_ramp_version{cohort}} (changes with every step, pause,
 * resume and abort: the dashboard's annotations). {@code strangler_ramp_changes_total{cohort,action}} counts the
 * changes this instance made.
 */
public final class RampMetrics {

    private final MeterRegistry registry;
    private final MultiGauge percent;
    private final MultiGauge step;
    private final MultiGauge status;
    private final MultiGauge version;

    public RampMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.percent = MultiGauge.builder("strangler.ramp.percent")
                .description("The percentage a cohort's ramp holds now (0 once aborted)").register(registry);
        this.step = MultiGauge.builder("strangler.ramp.step")
                .description("The step a cohort's ramp is at, 1 for the first").register(registry);
        this.status = MultiGauge.builder("strangler.ramp.status")
                .description("1 for the status a cohort's ramp is in (running, paused, aborted, completed)")
                .register(registry);
        this.version = MultiGauge.builder("strangler.ramp.version")
                .description("Changes with every step, pause, resume and abort of a cohort's ramp")
                .register(registry);
    }

    /** Publishes the ramps as just read. */
    public void show(Collection<Ramp> ramps) {
        List<MultiGauge.Row<?>> percents = new ArrayList<>();
        List<MultiGauge.Row<?>> steps = new ArrayList<>();
        List<MultiGauge.Row<?>> statuses = new ArrayList<>();
        List<MultiGauge.Row<?>> versions = new ArrayList<>();
        for (Ramp ramp : ramps) {
            Tags cohort = Tags.of("cohort", ramp.cohort());
            percents.add(MultiGauge.Row.of(cohort, ramp.status() == Status.ABORTED ? 0 : ramp.percent().value()));
            steps.add(MultiGauge.Row.of(cohort, ramp.step() + 1));
            versions.add(MultiGauge.Row.of(cohort, ramp.version()));
            for (Status each : Status.values()) {
                statuses.add(MultiGauge.Row.of(cohort.and("status", each.id()), each == ramp.status() ? 1 : 0));
            }
        }
        percent.register(percents, true);
        step.register(steps, true);
        status.register(statuses, true);
        version.register(versions, true);
    }

    /** One change this instance made ({@code start}, {@code step}, {@code pause}, ...). */
    public void changed(String cohort, String action) {
        Counter.builder("strangler.ramp.changes").description("Ramp changes made by this instance")
                .tag("cohort", cohort).tag("action", action).register(registry).increment();
    }
}
