package dev.strangler.migrator;

import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Reads and writes users' states and pins in the state database (schema {@code strangler} on modern). */
public interface UserStateStore {

    /** One indexed read; a user never seen is {@link UserFacts#pending}. */
    Future<UserFacts> find(String userKey);

    /**
     * Sets or clears (with null) an operator's pin for the user, which overrides the routing decision; a user the
     * state database has not seen is recorded as {@code PENDING}. Pinning a {@code MIGRATED} user to legacy is
     * refused (their data is in modern): the change says so and points at rollback. A pin set is audited with
     * {@code actor} and {@code reason} (null when none was given) in the same transaction.
     */
    Future<PinChange> pin(String userKey, Upstream pin, Instant at, String actor, String reason);

    /** Users in any of the given states, by key: the differential migration's work list. */
    Future<List<String>> keysIn(Set<UserState> states);

    /**
     * Every user in none of the given states, each to {@code each} as it is read (a cursor, so a million users never
     * sit in memory as rows at once); completes when all were given.
     */
    Future<Void> eachKeyNotIn(Set<UserState> states, Consumer<String> each);

    /** Users by state, every state present (0 when none), from one count of the state table. */
    Future<Map<UserState, Long>> countByState();

    /** The cleaned marks legacy still owes (SPEC §4.2 step 5), from one count of the state table. */
    Future<CleanedBacklog> cleanedBacklog();

    /**
     * Migrated users whose cleaned mark in legacy is still owed.
     *
     * @param users         how many
     * @param oldestSeconds the time since the oldest of those users' migration committed; 0 when there is none
     */
    record CleanedBacklog(long users, double oldestSeconds) {
    }
}
