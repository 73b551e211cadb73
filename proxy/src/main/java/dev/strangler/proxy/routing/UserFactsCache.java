package dev.strangler.proxy.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.strangler.migrator.UserStateStore;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * Users' facts (state, pin, last attempt) kept on this instance, so a decided user costs no database read per
 * request. Bounded in size. A change of a user's state, pin or owed cleaned mark made anywhere is notified to every
 * instance, which forgets that user. A user whose data is on legacy ({@link MigratedKeys#legacySafe}) also expires
 * after {@code expireAfter}, the bound should a notification be lost; a migrated user never expires by time, since only
 * a notification (a rollback) changes that state, and a read that fails must not turn them into an unknown user.
 * A miss is one indexed read of the state store ({@link UserStateStore#find}); what it finds, and what this
 * instance's own migrations learn, also feeds the {@link MigratedKeys}. A user in transition
 * ({@link UserFacts#inTransition}: migrated, cleaned mark owed) is never kept: each of their requests reads the
 * store until the mark is written.
 *
 * <p>A read that began before a notification must not be stored after the notification emptied the entry, or the
 * stale facts would outlive it: each key has a generation (one of {@value #STRIPES} stripes, plus one for
 * everyone), bumped before an entry is forgotten; a read or a migration's result is stored only if its key's
 * generation is still the one seen when it began, checked again after storing.
 */
public final class UserFactsCache {

    private static final int STRIPES = 4096;

    private final Cache<String, UserFacts> cache;
    private final Reader store;
    private final MigratedKeys keys;
    private final Duration lookupDeadline;
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    private final AtomicLong everyone = new AtomicLong();
    private final UserChanges changes = new UserChanges();
    private volatile Consumer<String> changed = userKey -> { };

    /**
     * @param expireAfter    how long legacy-safe facts are trusted
     * @param lookupDeadline how long a read of the store may take before it fails (client side: a database that
     *                       stops answering must not hold the request)
     */
    public UserFactsCache(Reader store, MigratedKeys keys, long maximumSize, Duration expireAfter,
                          Duration lookupDeadline) {
        this(store, keys, maximumSize, expireAfter, lookupDeadline, Ticker.systemTicker());
    }

    /** With the time source of expiry given, for tests. */
    UserFactsCache(Reader store, MigratedKeys keys, long maximumSize, Duration expireAfter,
                   Duration lookupDeadline, Ticker ticker) {
        this.store = store;
        this.keys = keys;
        this.lookupDeadline = lookupDeadline;
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).expireAfter(new ByState(expireAfter))
                .ticker(ticker).build();
    }

    /** One user's facts from the state store ({@link UserStateStore#find}); a user never seen is {@code PENDING}. */
    @FunctionalInterface
    public interface Reader {
        Future<UserFacts> find(String userKey);
    }

    /**
     * The user's facts, from memory when known and the {@link MigratedKeys} are current; a failed read fails the
     * future (the caller decides on unknown). While they are not current (the change stream was lost, so a change
     * may have been missed), remembered facts are not trusted: the store is read, and only a remembered
     * {@code MIGRATED} answers when that read fails, since it can change only by a rollback, never to legacy at once.
     */
    public Future<UserFacts> find(String userKey) {
        UserFacts known = cache.getIfPresent(userKey);
        boolean current = keys.current();
        if (known != null && current) {
            return Future.succeededFuture(known);
        }
        long seen = generation(userKey);
        Future<UserFacts> read = store.find(userKey).timeout(lookupDeadline.toMillis(), TimeUnit.MILLISECONDS)
                .onSuccess(facts -> put(facts, seen));
        if (known == null || known.state() != UserState.MIGRATED) {
            return read;
        }
        return read.recover(unread -> Future.succeededFuture(known));
    }

    /**
     * Another instance (or an operator) changed the user's state or pin: the user counts as maybe migrated at once,
     * before anything else, so that a request whose own read fails meanwhile is never judged certainly not migrated;
     * then they are forgotten and read again, to be served from memory as before.
     */
    public void changedElsewhere(String userKey) {
        keys.learnt(userKey, null);
        invalidate(userKey);
        find(userKey);
    }

    /** The key's generation now, to pass to {@link #put} with what is learnt from here on. */
    public long generation(String userKey) {
        return everyone.get() + generations.get(stripe(userKey));
    }

    /**
     * Records what this instance learnt (a read, a migration attempt's result) since the key was at generation
     * {@code seen}; dropped if the user was forgotten meanwhile, since a newer fact then exists.
     */
    public void put(UserFacts facts, long seen) {
        String userKey = facts.userKey();
        keys.learnt(userKey, facts.state());
        if (generation(userKey) != seen) {
            return;
        }
        UserFacts before = cache.getIfPresent(userKey);
        if (facts.inTransition()) {
            if (before != null && cache.asMap().remove(userKey, before)) {
                changed.accept(userKey);
            }
            return;
        }
        cache.put(userKey, facts);
        if (before != null && (before.state() != facts.state() || before.pin() != facts.pin())) {
            changed.accept(userKey);
        }
        if (generation(userKey) != seen) {
            cache.asMap().remove(userKey, facts);
        }
    }

    /** Forgets everyone, when notifications of changes may have been missed (the listener reconnected). */
    public void invalidateAll() {
        everyone.incrementAndGet();
        cache.invalidateAll();
        changes.changedAll();
    }

    /** Forgets a user, after an operator changed their pin or state. */
    public void invalidate(String userKey) {
        generations.incrementAndGet(stripe(userKey));
        cache.invalidate(userKey);
        changed.accept(userKey);
        changes.changed(userKey);
    }

    /**
     * Completes when the user is next forgotten (a notification of a change, or this instance's own migration), or
     * fails after {@code atMost}: a request of a user in transition waits here for the cleaned mark's notification.
     */
    public Future<Void> nextChange(String userKey, Duration atMost) {
        return changes.next(userKey, atMost);
    }

    /**
     * Tells {@code listener} the key of each user whose state or pin changed (an operator's change here or on
     * another instance, a migration attempt here): the data plane restarts that user's WebSocket tunnels.
     */
    public void whenChanged(Consumer<String> listener) {
        changed = listener;
    }

    private static int stripe(String userKey) {
        int h = userKey.hashCode() * 0x9e3779b9;
        return (h ^ (h >>> 16)) & (STRIPES - 1);
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
