package dev.strangler.proxy.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strangler.migrator.UserFacts;
import dev.strangler.migrator.UserStateStore;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Users' facts (state, pin, last attempt) kept on this instance, so a decided user costs no database read per
 * request. Bounded in size. A change of a user's state or pin made anywhere is notified to every instance, which
 * forgets that user; entries also expire after {@code expireAfter}, the bound should a notification be lost. A miss is one indexed read of the state store ({@link UserStateStore#find}); this
 * instance's own migrations update the entry directly.
 */
public final class UserFactsCache {

    private final Cache<String, UserFacts> cache;
    private final UserStateStore store;

    public UserFactsCache(UserStateStore store, long maximumSize, Duration expireAfter) {
        this.store = store;
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(expireAfter).build();
    }

    /** The user's facts, from memory when known; a failed read fails the future (the caller routes to legacy). */
    public Future<UserFacts> find(String userKey) {
        UserFacts known = cache.getIfPresent(userKey);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return store.find(userKey).onSuccess(facts -> cache.put(userKey, facts));
    }

    /** Records what this instance just learnt, after a migration attempt. */
    public void put(UserFacts facts) {
        cache.put(facts.userKey(), facts);
    }

    /** Forgets everyone, when notifications of changes may have been missed (the listener reconnected). */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** Forgets a user, after an operator changed their pin or state. */
    public void invalidate(String userKey) {
        cache.invalidate(userKey);
    }
}
