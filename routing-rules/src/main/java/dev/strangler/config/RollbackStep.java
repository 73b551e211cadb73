package dev.strangler.config;

import java.util.Objects;

/**
 * One step of a rollback: read the user's current data from the modern database, and write each row back into
 * legacy.
 *
 * @param fetch SQL on the modern database; {@code $1} is the user key
 * @param apply SQL on the legacy database, run once per fetched row, with named parameters ({@code :column})
 *              taken from that row
 */
public record RollbackStep(String fetch, String apply) {

    public RollbackStep {
        Objects.requireNonNull(fetch, "fetch");
        Objects.requireNonNull(apply, "apply");
    }
}
