package dev.strangler.proxy.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.strangler.migrator.UserFacts;
import dev.strangler.migrator.UserStateStore;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Users' facts (state, pin, last attempt) kept on this instance, so a decided user costs no database read per
 * request. Bounded in size. A change of a user's state or pin made anywhere is notified to every instance, which
 * forgets that user. A user whose data is on legacy ({@link MigratedKeys#legacySafe}) also expires after
 * {@code expireAfter}, the bound should a notification be lost; a migrated user never expires by time, since only
 * a notification (a rollback) changes that state, and a read that fails must not turn them into an unknown user.
 * A miss is one indexed read of the state store ({@link UserStateStore#find}); what it finds, and what this
 * instance's own migrations learn, also feeds the {@link MigratedKeys}.
 */
public final class UserFactsCache {

    private final Cache<String, UserFacts> cache;
    private final Reader store;
    private final MigratedKeys keys;

    public UserFactsCache(Reader store, MigratedKeys keys, long maximumSize, Duration expireAfter) {
        this(store, keys, maximumSize, expireAfter, Ticker.systemTicker());
    }

    /** With the time source of expiry given, for tests. */
    UserFactsCache(Reader store, MigratedKeys keys, long maximumSize, Duration expireAfter, Ticker ticker) {
        this.store = store;
        this.keys = keys;
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).expireAfter(new ByState(expireAfter))
                .ticker(ticker).build();
    }

    /** One user's facts from the state store ({@link UserStateStore#find}); a user never seen is {@code PENDING}. */
    @FunctionalInterface
    public interface Reader {
        Future<UserFacts> find(String userKey);
    }

    /** The user's facts, from memory when known; a failed read fails the future (the caller decides on unknown). */
    public Future<UserFacts> find(String userKey) {
        UserFacts known = cache.getIfPresent(userKey);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return store.find(userKey).onSuccess(facts -> {
            keys.learnt(userKey, facts.state());
            cache.put(userKey, facts);
        });
    }

    /** Records what this instance just learnt, after a migration attempt. */
    public void put(UserFacts facts) {
        keys.learnt(facts.userKey(), facts.state());
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

    /** Legacy-safe facts live {@code expireAfter} from when they were read; the others until forgotten. */
    private record ByState(Duration expireAfter) implements Expiry<String, UserFacts> {

        @Override
        public long expireAfterCreate(String key, UserFacts facts, long now) {
            return MigratedKeys.legacySafe(facts.state()) ? expireAfter.toNanos() : Long.MAX_VALUE;
        }

        @Override
        public long expireAfterUpdate(String key, UserFacts facts, long now, long remaining) {
            return expireAfterCreate(key, facts, now);
        }

        @Override
        public long expireAfterRead(String key, UserFacts facts, long now, long remaining) {
            return remaining;
        }
    }
}
