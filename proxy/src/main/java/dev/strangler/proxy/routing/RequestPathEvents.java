package dev.strangler.proxy.routing;

/**
 * What the request path reports to the metrics, without knowing them: each method is one event, counted by the
 * implementation in {@code proxy.metrics}.
 */
public interface RequestPathEvents {

    /** Reports nothing, for tests that do not look. */
    RequestPathEvents NONE = new RequestPathEvents() {
    };

    /** A request was answered 503: its user's state could not be read, and the user may be migrated. */
    default void unknownState() {
    }

    /**
     * A request whose user's state could not be read went to legacy unattempted: this instance knew the user
     * certainly not migrated, and outside the modern share (their data is on legacy; a backfill elsewhere catches
     * up their writes when its deferred mark comes due).
     */
    default void unknownStateLegacy() {
    }

    /** A request starts waiting for its user's state or migration. */
    default void holdStarted() {
    }

    /** A request stops waiting (answered, or released by the hold limit). */
    default void holdEnded() {
    }

    /** A request waited the whole hold limit and was released without its user's state or migration. */
    default void holdExpired() {
    }

    /** A request in the modern share went to legacy unattempted: the instance's migration admission was spent. */
    default void admissionRefused() {
    }

    /**
     * A request-triggered migration of a user of {@code cohort} (null when none) ended with {@code ledgerOutcome}
     * ({@code MIGRATED}, {@code INVALID}, {@code FAILED}, {@code TIMEOUT}, {@code SKIPPED} or {@code UNKNOWN}).
     */
    default void migrationEnded(String cohort, String ledgerOutcome) {
    }

    /** Both reporters, each told every event. */
    static RequestPathEvents both(RequestPathEvents first, RequestPathEvents second) {
        return new RequestPathEvents() {
            @Override
            public void unknownState() {
                first.unknownState();
                second.unknownState();
            }

            @Override
            public void unknownStateLegacy() {
                first.unknownStateLegacy();
                second.unknownStateLegacy();
            }

            @Override
            public void holdStarted() {
                first.holdStarted();
                second.holdStarted();
            }

            @Override
            public void holdEnded() {
                first.holdEnded();
                second.holdEnded();
            }

            @Override
            public void holdExpired() {
                first.holdExpired();
                second.holdExpired();
            }

            @Override
            public void admissionRefused() {
                first.admissionRefused();
                second.admissionRefused();
            }

            @Override
            public void migrationEnded(String cohort, String ledgerOutcome) {
                first.migrationEnded(cohort, ledgerOutcome);
                second.migrationEnded(cohort, ledgerOutcome);
            }
        };
    }
}
