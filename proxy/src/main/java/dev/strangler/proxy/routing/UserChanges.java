package dev.strangler.proxy.routing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Requests waiting for the next change of their user's facts on this instance (a notification, or this instance
 * forgetting the user): a user in transition is held here briefly, so that the notification of their cleaned mark
 * lets the request through instead of a 503. One promise per waited-for user, shared by its waiters.
 */
final class UserChanges {

    private final Map<String, Promise<Void>> waiting = new ConcurrentHashMap<>();

    /**
     * Completes when the user's facts next change, or fails after {@code atMost}; either way the caller reads the
     * user again.
     */
    Future<Void> next(String userKey, Duration atMost) {
        Promise<Void> change = waiting.computeIfAbsent(userKey, key -> Promise.promise());
        return change.future().timeout(atMost.toMillis(), TimeUnit.MILLISECONDS)
                .onFailure(expired -> waiting.remove(userKey, change));
    }

    /** The user's facts changed: every request waiting for them goes on. */
    void changed(String userKey) {
        Promise<Void> change = waiting.remove(userKey);
        if (change != null) {
            change.tryComplete();
        }
    }

    /** Everyone's facts may have changed (the change stream reconnected). */
    void changedAll() {
        waiting.keySet().forEach(this::changed);
    }
}
