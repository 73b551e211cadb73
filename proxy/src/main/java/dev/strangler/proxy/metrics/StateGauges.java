package dev.strangler.proxy.metrics;

import dev.strangler.migrator.UserStateStore;
import dev.strangler.config.Percent;
import dev.strangler.proxy.routing.DecidingResolver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code strangler_users{state}} from a periodic count of the state table (a scrape never touches the database)
 * and {@code strangler_rollout_percent{cohort}} from the routing table in force, refreshed on the same timer and
 * whenever the rollout changes, so cohorts added or removed by a reload appear and disappear. On the same timer,
 * the cleaned marks still owed to legacy (SPEC §4.2 step 5): {@code strangler_cleaned_pending_users} and
 * {@code strangler_cleaned_pending_oldest_seconds}, the time since the oldest of those users' migration committed.
 */
public final class StateGauges {

    private final Vertx vertx;
    private final UserStateStore states;
    private final DecidingResolver resolver;
    private final MultiGauge users;
    private final MultiGauge rollout;
    private final AtomicLong cleanedPending = new AtomicLong();
    private final AtomicReference<Double> cleanedPendingOldest = new AtomicReference<>(0.0);
    private final long timer;

    public StateGauges(Vertx vertx, UserStateStore states, DecidingResolver resolver, MeterRegistry registry, Duration every) {
        this.vertx = vertx;
        this.states = states;
        this.resolver = resolver;
        this.users = MultiGauge.builder("strangler.users").description("Users by migration state (periodic count)")
                .register(registry);
        this.rollout = MultiGauge.builder("strangler.rollout.percent")
                .description("Effective rollout percentage of each cohort").register(registry);
        Gauge.builder("strangler.cleaned.pending.users", cleanedPending, AtomicLong::get)
                .description("Migrated users whose cleaned mark in legacy is still owed (periodic count)")
                .register(registry);
        Gauge.builder("strangler.cleaned.pending.oldest", cleanedPendingOldest, AtomicReference::get)
                .description("Time since the migration of the user owed a cleaned mark the longest committed")
                .baseUnit("seconds").register(registry);
        this.timer = vertx.setPeriodic(every.toMillis(), id -> refresh());
    }

    /** Counts users and cleaned marks owed, and reads the routing table now. */
    public Future<Void> refresh() {
        refreshRollout();
        Future<Void> cleaned = states.cleanedBacklog().map(backlog -> {
            cleanedPending.set(backlog.users());
            cleanedPendingOldest.set(backlog.oldestSeconds());
            return (Void) null;
        }).otherwiseEmpty();
        Future<Void> byState = states.countByState().map(counts -> {
            List<MultiGauge.Row<?>> values = new ArrayList<>();
            counts.forEach((state, count) -> values.add(MultiGauge.Row.of(Tags.of("state", state.name()), count)));
            users.register(values, true);
            return (Void) null;
        }).otherwiseEmpty();
        return Future.join(cleaned, byState).mapEmpty();
    }

    /** Publishes the cohorts of the routing table in force (their values are read at each scrape, from memory). */
    public void refreshRollout() {
        List<MultiGauge.Row<?>> values = new ArrayList<>();
        for (String cohort : resolver.table().percentages().keySet()) {
            values.add(MultiGauge.Row.of(Tags.of("cohort", cohort), resolver, table -> {
                Percent percent = table.table().percentages().get(cohort);
                return percent == null ? Double.NaN : percent.value();
            }));
        }
        rollout.register(values, true);
    }

    public void close() {
        vertx.cancelTimer(timer);
    }
}
