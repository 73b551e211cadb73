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
     * certainly not migrated (their data is on legacy; a migration elsewhere catches up its writes before the mark).
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
}
