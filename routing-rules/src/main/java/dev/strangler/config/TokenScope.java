package dev.strangler.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an admin token may do (SPEC §12), each scope including the ones below it: {@link #READ} the {@code GET}
 * endpoints, {@link #OPERATE} also rollout percentages, pins, migrations, retries and backfills, {@link #ADMIN} also
 * rollbacks, configuration reloads and token management.
 */
public enum TokenScope {
    READ, OPERATE, ADMIN;

    /** True when a token of this scope may make a call that needs {@code required}. */
    public boolean covers(TokenScope required) {
        return compareTo(required) >= 0;
    }

    /** The scope as written in files, the database and JSON: {@code read}, {@code operate} or {@code admin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope of {@code read}, {@code operate} or {@code admin}. */
    public static TokenScope of(String id) {
        for (TokenScope scope : values()) {
            if (scope.id().equals(id)) {
                return scope;
            }
        }
        throw new IllegalArgumentException(id + " (expected one of " + Arrays.stream(values()).map(TokenScope::id)
                .collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id();
    }
}
