package dev.strangler.proxy.metrics;

import dev.strangler.proxy.routing.RequestPathEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request path's own outcomes as Prometheus metrics: {@code strangler_unknown_state_total}, requests
 * answered 503 because their user's state could not be read and the user may be migrated;
 * {@code strangler_unknown_state_legacy_total}, requests whose state could not be read sent to legacy because the
 * user was certainly not migrated;
 * {@code strangler_hold_expired_total}, requests released by the hold limit;
 * {@code strangler_admissions_refused_total}, requests sent to legacy unattempted because the migration admission
 * was spent. The requests waiting now are counted for the admin status only:
 * {@code strangler_held_requests} ({@link ObservedMigrations}) already counts those held behind a migration.
 */
public final class RequestPathMetrics implements RequestPathEvents {

    private final Counter unknownState;
    private final Counter unknownStateLegacy;
    private final Counter holdExpired;
    private final Counter admissionsRefused;
    private final AtomicInteger waiting = new AtomicInteger();

    public RequestPathMetrics(MeterRegistry registry) {
        this.unknownState = Counter.builder("strangler.unknown.state")
                .description("Requests answered 503: the user's state could not be read and the user may be migrated")
                .register(registry);
        this.unknownStateLegacy = Counter.builder("strangler.unknown.state.legacy")
                .description("Requests whose user's state could not be read, sent to legacy: certainly not migrated")
                .register(registry);
        this.holdExpired = Counter.builder("strangler.hold.expired")
                .description("Requests released after waiting the hold limit for their user's state or migration")
                .register(registry);
        this.admissionsRefused = Counter.builder("strangler.admissions.refused")
                .description("Requests in the modern share sent to legacy unattempted: migration admission spent")
                .register(registry);
    }

    @Override
    public void unknownState() {
        unknownState.increment();
    }

    @Override
    public void unknownStateLegacy() {
        unknownStateLegacy.increment();
    }

    @Override
    public void holdStarted() {
        waiting.incrementAndGet();
    }

    @Override
    public void holdEnded() {
        waiting.decrementAndGet();
    }

    @Override
    public void holdExpired() {
        holdExpired.increment();
    }

    @Override
    public void admissionRefused() {
        admissionsRefused.increment();
    }

    /** Requests sent to legacy unattempted because the admission was spent, since this instance started. */
    public long admissionsRefused() {
        return (long) admissionsRefused.count();
    }

    /** Requests waiting for their user's state or migration now. */
    public int waiting() {
        return waiting.get();
    }

    /** Requests released by the hold limit since this instance started. */
    public long holdsExpired() {
        return (long) holdExpired.count();
    }

    /** Requests sent to legacy with an unknown state (certainly not migrated) since this instance started. */
    public long unknownStatesToLegacy() {
        return (long) unknownStateLegacy.count();
    }

    /** Requests answered 503 for an unknown state since this instance started. */
    public long unknownStates() {
        return (long) unknownState.count();
    }
}
