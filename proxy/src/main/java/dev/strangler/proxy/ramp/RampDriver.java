package dev.strangler.proxy.ramp;

import dev.strangler.config.RampFailure;
import dev.strangler.migrator.RampStore;
import dev.strangler.migrator.RampStore.Ramp;
import dev.strangler.migrator.RampStore.RampRefused;
import dev.strangler.migrator.RampStore.Status;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.ramp.GateCheck.PromqlReading;
import dev.strangler.proxy.ramp.GateResult.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives the fleet's running ramps from whichever instance holds each cohort's lease ({@code strangler.ramp_lease},
 * renewed every tick, taken over by another instance once it expires). Every {@code tickEvery} it reads the ramps,
 * publishes them as metrics, and for each running ramp whose lease it holds judges the gates over the last
 * {@code interval} (from the ramp's start at the earliest) on the fleet's measurements: a failed gate pauses or
 * aborts the ramp at once; a passing window that lies wholly in the current step, once that step is an interval
 * old, moves the ramp to its next step (or completes it); an inconclusive one (too few requests, Prometheus
 * unreachable) holds the step. While modern is ejected, the ramp pauses. Every {@code flushEvery} this instance's
 * own measurements ({@link RampMeter}) go to the state database, where every driver reads them. Time is the
 * injected clock's, so tests step it instead of waiting.
 */
public final class RampDriver {

    private static final Logger LOG = Logger.getLogger(RampDriver.class.getName());
    /** How often old measurements are deleted. */
    private static final Duration FORGET_EVERY = Duration.ofHours(1);

    private final Vertx vertx;
    private final RampStore store;
    private final RampActions actions;
    private final RampMeter meter;
    private final RampSignals signals;
    private final PrometheusQueries prometheus;
    private final RampMetrics metrics;
    private final EventLog log;
    private final Clock clock;
    private final String instance;
    private final Settings settings;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final Map<String, GateCheck> lastChecks = new ConcurrentHashMap<>();
    private final long tickTimer;
    private final long flushTimer;
    private volatile Map<String, Ramp> ramps = Map.of();
    private volatile Instant lastForget;

    /**
     * How the driver paces itself.
     *
     * @param tickEvery        how often ramps are read and judged
     * @param flushEvery       how often this instance's measurements are written
     * @param leaseTtl         how long a lease lasts without renewal: another instance takes a ramp over that long
     *                         after its driver died
     * @param keepMeasurements how long measurements are kept
     */
    public record Settings(Duration tickEvery, Duration flushEvery, Duration leaseTtl, Duration keepMeasurements) {

        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofDays(2));
    }

    private RampDriver(Vertx vertx, RampStore store, RampActions actions, RampMeter meter, RampSignals signals,
                       PrometheusQueries prometheus, RampMetrics metrics, EventLog log, Clock clock, String instance,
                       Settings settings) {
        this.vertx = vertx;
        this.store = store;
        this.actions = actions;
        this.meter = meter;
        this.signals = signals;
        this.prometheus = prometheus;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
        this.instance = instance;
        this.settings = settings;
        this.tickTimer = vertx.setPeriodic(settings.tickEvery().toMillis(), id -> tick());
        this.flushTimer = vertx.setPeriodic(settings.flushEvery().toMillis(), id -> flush());
    }

    /**
     * Starts ticking and flushing.
     *
     * @param prometheus the configured Prometheus, null when none (a {@code promql} gate then holds the step)
     * @param instance   this instance's name in leases and measurements (unique in the fleet)
     */
    public static RampDriver start(Vertx vertx, RampStore store, RampActions actions, RampMeter meter,
                                   RampSignals signals, PrometheusQueries prometheus, RampMetrics metrics,
                                   EventLog log, Clock clock, String instance, Settings settings) {
        return new RampDriver(vertx, store, actions, meter, signals, prometheus, metrics, log, clock, instance,
                settings);
    }

    /** The ramps as last read. */
    public Map<String, Ramp> ramps() {
        return ramps;
    }

    /** The last judgement of a cohort's gates, if this instance drives its ramp. */
    public Optional<GateCheck> lastCheck(String cohort) {
        return Optional.ofNullable(lastChecks.get(cohort));
    }

    /**
     * Writes this instance's measurements since the last flush of each cohort whose ramp is running or paused (the
     * others' are dropped: nobody judges them), and, once an hour, forgets those older than
     * {@code keepMeasurements}.
     */
    public Future<Void> flush() {
        Instant now = clock.instant();
        Future<Void> written = Future.succeededFuture();
        for (Map.Entry<String, RampStore.Counts> counts : meter.drain().entrySet()) {
            Ramp ramp = ramps.get(counts.getKey());
            if (ramp != null && ramp.status().isActive()) {
                written = written.compose(done -> store.record(instance, counts.getKey(), now, counts.getValue()));
            }
        }
        Instant forgotten = lastForget;
        if (forgotten == null || !now.isBefore(forgotten.plus(FORGET_EVERY))) {
            lastForget = now;
            written = written.compose(done -> store.forgetMeasurementsBefore(now.minus(settings.keepMeasurements())));
        }
        return written.onFailure(error -> LOG.log(Level.WARNING, "ramps: cannot write measurements: "
                + error.getMessage()));
    }

    /** Reads the ramps, publishes them, and drives those whose lease this instance holds; one tick at a time. */
    public Future<Void> tick() {
        if (!ticking.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return store.all().compose(read -> {
            ramps = read;
            metrics.show(read.values());
            Future<Void> driven = Future.succeededFuture();
            for (Ramp ramp : read.values()) {
                if (ramp.status() == Status.RUNNING) {
                    driven = driven.compose(done -> drive(ramp).recover(error -> {
                        if (!(error instanceof RampRefused)) {
                            LOG.log(Level.WARNING, "ramps: cannot drive the ramp of " + ramp.cohort(), error);
                        }
                        return Future.succeededFuture();
                    }));
                }
            }
            return driven;
        }).onFailure(error -> LOG.log(Level.WARNING, "ramps: cannot read the ramps: " + error.getMessage()))
                .onComplete(done -> ticking.set(false));
    }

    private Future<Void> drive(Ramp ramp) {
        return store.lease(ramp.cohort(), instance, settings.leaseTtl()).compose(held -> {
            if (!held) {
                lastChecks.remove(ramp.cohort());
                return Future.succeededFuture();
            }
            if (signals.health().modernEjected()) {
                return store.pause(ramp.cohort(), ramp.version(), instance, actor(),
                        "modern is ejected by its circuit breaker", null).compose(paused -> changed(paused, "pause"));
            }
            Instant now = clock.instant();
            Instant windowStart = later(ramp.startedAt(), now.minus(ramp.plan().interval()));
            return store.measured(ramp.cohort(), windowStart, now)
                    .compose(counts -> promql(ramp).map(reading -> GateCheck.judge(ramp.plan(), counts,
                            signals.shadow().matchPercent(ramp.cohort(), Duration.between(windowStart, now)),
                            reading)))
                    .compose(check -> act(ramp, check, now));
        });
    }

    private Future<Void> act(Ramp ramp, GateCheck check, Instant now) {
        lastChecks.put(ramp.cohort(), check);
        Verdict verdict = check.verdict();
        if (verdict == Verdict.FAIL) {
            String reason = "gate failed: " + check.failures();
            if (ramp.plan().onFailure() == RampFailure.PAUSE) {
                return store.pause(ramp.cohort(), ramp.version(), instance, actor(), reason, check.toJson())
                        .compose(paused -> changed(paused, "pause"));
            }
            return store.abort(ramp.cohort(), ramp.version(), instance, actor(), reason, check.toJson())
                    .compose(aborted -> changed(aborted, "abort").map(aborted))
                    .compose(actions::afterAbort)
                    .onSuccess(done -> {
                        if (!done.rolledBack().isEmpty()) {
                            log.write("ramp_rollback", new JsonObject().put("cohort", ramp.cohort())
                                    .put("users", done.rolledBack().size()));
                        }
                    }).mapEmpty();
        }
        boolean due = !now.isBefore(ramp.stepStartedAt().plus(ramp.plan().interval()));
        if (verdict != Verdict.PASS || !due) {
            return Future.succeededFuture();
        }
        boolean last = ramp.step() == ramp.plan().steps().size() - 1;
        String reason = "gates held for " + ramp.plan().interval() + " at " + ramp.percent() + "%";
        return store.advance(ramp.cohort(), ramp.version(), instance, reason, check.toJson())
                .compose(advanced -> changed(advanced, last ? "complete" : "step"));
    }

    /** Counts and logs a change an operator made through this instance, and publishes it at once. */
    public void operatorChanged(Ramp ramp, String action) {
        metrics.changed(ramp.cohort(), action);
        tickSoon();
    }

    private Future<PromqlReading> promql(Ramp ramp) {
        if (ramp.plan().gates().promql() == null) {
            return Future.succeededFuture(null);
        }
        if (prometheus == null) {
            return Future.succeededFuture(PromqlReading.failed("no prometheus.url is configured"));
        }
        return prometheus.query(ramp.plan().gates().promql().query());
    }

    private Future<Void> changed(Ramp ramp, String action) {
        metrics.changed(ramp.cohort(), action);
        log.write("ramp_change", new JsonObject().put("cohort", ramp.cohort()).put("action", action)
                .put("step", ramp.step() + 1).put("percent", ramp.status() == Status.ABORTED ? 0
                        : ramp.percent().value()).put("actor", ramp.changedBy()).put("reason", ramp.reason())
                .put("gates", ramp.gates() == null ? null : new JsonObject(ramp.gates())));
        return tickSoon();
    }

    /** Publishes the change at once rather than at the next tick. */
    private Future<Void> tickSoon() {
        vertx.runOnContext(ignored -> store.all().onSuccess(read -> {
            ramps = read;
            metrics.show(read.values());
        }));
        return Future.succeededFuture();
    }

    private String actor() {
        return "ramp:" + instance;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    public void close() {
        vertx.cancelTimer(tickTimer);
        vertx.cancelTimer(flushTimer);
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
