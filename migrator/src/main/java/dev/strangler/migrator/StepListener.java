package dev.strangler.migrator;

import java.time.Instant;
import java.util.Locale;

/**
 * Hears each step of each migration attempt, so that the proxy can trace an attempt as one span with a child span
 * per step without the migrator depending on a tracing library. Called on event-loop threads: must not block.
 */
public interface StepListener {

    /** Nothing listens. */
    StepListener NONE = new StepListener() {
    };

    /** The steps of SPEC §4.2, in the order an attempt runs them. */
    enum Step {
        READ, VALIDATE, TRANSFORM, LOAD, COMMIT, MARK_CLEANED;

        /** {@code read}, {@code validate}, ..., {@code mark_cleaned}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A step of the user's attempt ran from {@code started} to {@code ended}, and succeeded or not. */
    default void stepped(String userKey, Step step, Instant started, Instant ended, boolean succeeded) {
    }
}
