package dev.strangler.proxy.routing;

import dev.strangler.migrator.UserStateStore.UserFacts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;

/** A state store of {@link DecidingResolverTest}'s: answers from its maps, fails, never answers, or holds. */
final class FakeStore implements UserFactsCache.Reader {
    final Map<String, dev.strangler.rules.UserState> states = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, java.time.Instant> lastAttempts = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.Set<String> marksOwed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    volatile boolean failing;
    volatile boolean never;
    volatile boolean holding;
    final List<Promise<UserFacts>> pending = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Future<UserFacts> find(String userKey) {
        if (holding) {
            Promise<UserFacts> held = Promise.promise();
            pending.add(held);
            return held.future();
        }
        if (never) {
            return Promise.<UserFacts>promise().future();
        }
        if (failing) {
            return Future.failedFuture(new java.net.ConnectException("Connection refused"));
        }
        dev.strangler.rules.UserState state = states.get(userKey);
        return Future.succeededFuture(state == null ? UserFacts.pending(userKey)
                : new UserFacts(userKey, state, null, lastAttempts.get(userKey), marksOwed.contains(userKey)));
    }
}
