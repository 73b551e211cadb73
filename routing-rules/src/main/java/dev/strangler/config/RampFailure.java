package dev.strangler.config;

import java.util.Locale;

/** What a ramp does when a gate fails ({@code onFailure:}). */
public enum RampFailure {
    /** Hold the current step until an operator resumes or aborts. */
    PAUSE,
    /** Return the cohort's percentage to 0; users already migrated stay on modern. */
    ABORT;

    /** As written in configuration. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
