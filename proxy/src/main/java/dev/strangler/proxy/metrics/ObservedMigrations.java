package dev.strangler.proxy.metrics;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.UserStateStore.UserFacts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The migrator as the proxy and the admin API use it, observed: every attempt counts in
 * {@code strangler_migrations_total{outcome,trigger}} and {@code strangler_migration_duration_seconds}, is in
 * {@code strangler_inflight_migrations} while it runs, adds each broken rule to
 * {@code strangler_migration_violations_total{entity,rule}} (labels from the plan, so bounded:
 * {@link ViolationLabels}) and writes one JSON log line (with {@code logging.hashUserKeys}, the user key and any row
 * key in its detail hashed), and is traced by {@link MigrationTracing}. Requests held behind a user's migration or
 * rollback in flight are in {@code strangler_held_requests} while they wait. Observing at this seam keeps
 * Micrometer and OpenTelemetry out of the migrator.
 */
public final class ObservedMigrations implements MigrationEngine {

    private final MigrationEngine migrator;
    private final MeterRegistry registry;
    private final EventLog log;
    private final MigrationTracing tracing;
    private final ViolationLabels labels;
    private final Timer duration;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicLong finished = new AtomicLong();

    public ObservedMigrations(MigrationEngine migrator, MigrationPlan plan, MeterRegistry registry, EventLog log,
                              MigrationTracing tracing) {
        this.migrator = migrator;
        this.labels = new ViolationLabels(plan);
        this.registry = registry;
        this.log = log;
        this.tracing = tracing;
        this.duration = Timer.builder("strangler.migration.duration")
                .description("Time of one migration attempt, from the user's lock to the commit")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        Gauge.builder("strangler.inflight.migrations", inFlight, AtomicInteger::get)
                .description("Migration attempts running on this instance now")
                .register(registry);
        Gauge.builder("strangler.held.requests", held, AtomicInteger::get)
                .description("Requests waiting on this instance for their user's migration or rollback to end")
                .register(registry);
    }

    @Override
    public Future<MigrationEngine.Outcome> ensureMigrated(String userKey, Trigger trigger) {
        return observe(userKey, trigger, () -> migrator.ensureMigrated(userKey, trigger));
    }

    /** Migrates now ({@code POST /admin/users/{key}/migrate}); with {@code force}, also a migrated user. */
    @Override
    public Future<MigrationEngine.Outcome> migrate(String userKey, Trigger trigger, boolean force) {
        return observe(userKey, trigger, () -> migrator.migrate(userKey, trigger, force));
    }

    /**
     * The user's migration (or rollback, under the same single flight) in flight on this instance, if any. The
     * request path asks in order to hold the user's request until it ends (SPEC §4.2, §4.4), so each answer with
     * one counts as a held request until it ends.
     */
    @Override
    public Optional<Future<MigrationEngine.Outcome>> inFlight(String userKey) {
        Optional<Future<MigrationEngine.Outcome>> running = migrator.inFlight(userKey);
        running.ifPresent(migration -> {
            held.incrementAndGet();
            migration.onComplete(done -> held.decrementAndGet());
        });
        return running;
    }

    /** A dry run writes nothing and is not an attempt: it is neither counted nor traced. */
    @Override
    public Future<DryRun> dryRun(String userKey) {
        return migrator.dryRun(userKey);
    }

    @Override
    public boolean retryDue(UserFacts facts) {
        return migrator.retryDue(facts);
    }

    /** Requests held behind a migration or rollback in flight on this instance now. */
    public int held() {
        return held.get();
    }

    /** Attempts finished on this instance since it started, for the migrations-per-second figure. */
    public long finished() {
        return finished.get();
    }

    private Future<MigrationEngine.Outcome> observe(String userKey, Trigger trigger,
                                             java.util.function.Supplier<Future<MigrationEngine.Outcome>> attempt) {
        long started = System.nanoTime();
        inFlight.incrementAndGet();
        Span span = tracing.begin(userKey, log.user(userKey), trigger);
        return attempt.get().andThen(done -> {
            inFlight.decrementAndGet();
            MigrationEngine.Outcome outcome = done.succeeded() ? done.result() : null;
            tracing.end(userKey, span, outcome == null ? "FAILED" : outcome.ledgerOutcome());
            record(userKey, trigger, outcome, done.succeeded() ? null : done.cause().getMessage(),
                    System.nanoTime() - started);
        });
    }

    /**
     * Counts an attempt run elsewhere (a backfill worker calls the migrator directly and reports here through its
     * listener); {@code outcome} null means the attempt failed with {@code error}.
     */
    public void record(String userKey, Trigger trigger, MigrationEngine.Outcome outcome, String error, long nanos) {
        finished.incrementAndGet();
        String name = outcome == null ? "FAILED" : outcome.ledgerOutcome();
        duration.record(nanos, TimeUnit.NANOSECONDS);
        Counter.builder("strangler.migrations").description("Migration attempts, by outcome and trigger")
                .tag("outcome", name).tag("trigger", trigger.id()).register(registry).increment();
        if (outcome instanceof MigrationEngine.Outcome.Invalid invalid) {
            for (Violation violation : invalid.violations()) {
                Counter.builder("strangler.migration.violations")
                        .description("Rows that broke a validation rule, by entity and rule")
                        .tag("entity", labels.entity(violation))
                        .tag("rule", labels.rule(violation))
                        .register(registry).increment();
            }
        }
        log.write("migration", new JsonObject().put("user", log.user(userKey)).put("trigger", trigger.id())
                .put("outcome", name).put("durationMs", TimeUnit.NANOSECONDS.toMillis(nanos))
                .put("detail", detail(userKey, outcome, error)));
    }

    /** The outcome's detail for the log; with hashed keys, the user's and the rows' keys are hashed in it. */
    private String detail(String userKey, MigrationEngine.Outcome outcome, String error) {
        String detail = outcome == null ? error : outcome.detail();
        if (!log.hashesUserKeys() || detail == null) {
            return detail;
        }
        if (outcome instanceof MigrationEngine.Outcome.Invalid invalid && !invalid.violations().isEmpty()) {
            Violation first = invalid.violations().get(0);
            return invalid.violations().size() + " violation(s), first: " + labels.entity(first) + " "
                    + log.user(first.row()) + ": " + labels.rule(first);
        }
        return detail.replace(userKey, log.user(userKey));
    }
}
