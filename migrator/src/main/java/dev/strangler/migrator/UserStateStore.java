package dev.strangler.migrator;

import io.vertx.core.Future;

/** Reads and writes users' states and pins in the state database (schema {@code strangler} on modern). */
public interface UserStateStore {

    /** One indexed read; a user never seen is {@link UserFacts#pending}. */
    Future<UserFacts> find(String userKey);
}
