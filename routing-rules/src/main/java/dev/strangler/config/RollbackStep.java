package dev.strangler.config;

import java.util.List;
import java.util.Objects;

/**
 * One step of a rollback: read the user's current data from the modern database, and write each row back into
 * legacy.
 *
 * @param fetch SQL on the modern database; {@code $1} is the user key
 * @param apply SQL on the legacy database, run once per fetched row, with named parameters ({@code :column})
 *              taken from that row
 * @param userKeys how a changed modern row of the step's tables finds its user, for {@code strangler sync}'s
 *              sync-back ({@code userKey:}, optional, as on an entity; its queries run on modern); a table not
 *              declared is derived from the fetch when it can be
 */
public record RollbackStep(String fetch, String apply, List<UserKey> userKeys) {

    public RollbackStep {
        Objects.requireNonNull(fetch, "fetch");
        Objects.requireNonNull(apply, "apply");
        userKeys = List.copyOf(userKeys);
    }

    /** A step without {@code userKey:}. */
    public RollbackStep(String fetch, String apply) {
        this(fetch, apply, List.of());
    }
}
