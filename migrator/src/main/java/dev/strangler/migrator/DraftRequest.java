package dev.strangler.migrator;

import dev.strangler.config.DatabaseUrl;
import java.util.Objects;

/**
 * What {@code strangler plan init} drafts a plan from.
 *
 * @param legacy the legacy database, whose catalogue is read
 * @param root   the table with one row per user ({@code --root})
 * @param key    the user key column of {@code root}; null for its single-column primary key ({@code --key})
 * @param modern the modern database to match tables and columns in; null when modern mirrors legacy
 *               ({@code --modern})
 * @param depth  how many foreign-key hops from the root a table may be ({@code --depth}, default
 *               {@link #DEFAULT_DEPTH})
 */
public record DraftRequest(DatabaseUrl legacy, String root, String key, DatabaseUrl modern, int depth) {

    /** Root, children, grandchildren: a customer, its orders, their lines. */
    public static final int DEFAULT_DEPTH = 3;

    public DraftRequest {
        Objects.requireNonNull(legacy, "legacy");
        Objects.requireNonNull(root, "root");
        if (depth < 0 || depth > 10) {
            throw new IllegalArgumentException("depth: " + depth + " (expected: 0..10)");
        }
    }
}
