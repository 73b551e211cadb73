package dev.strangler.proxy.routing;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.UserStateStore.UserFacts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records what it migrated in the store, as the engine's transaction does, with the cleaned mark owed if asked; and
 * a failed or timed-out attempt with its time, as the engine's failure record does (under the user's lock: never
 * over another instance's MIGRATED).
 */
final class FakeEngine implements MigrationEngine {
    final FakeStore store;
    final Clock clock;
    final List<String> asked = new ArrayList<>();
    volatile boolean markOwed;

    FakeEngine(FakeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    java.util.function.Function<String, MigrationEngine.Outcome> outcome = userKey ->
            new MigrationEngine.Outcome.Migrated(userKey, 1);

    volatile boolean never;
    final Map<String, Future<MigrationEngine.Outcome>> running = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Future<MigrationEngine.Outcome> ensureMigrated(String userKey, Trigger trigger) {
        asked.add(userKey);
        if (never) {
            return running.computeIfAbsent(userKey, key -> Promise.<MigrationEngine.Outcome>promise().future());
        }
        MigrationEngine.Outcome done = outcome.apply(userKey);
        if (done.servedByModern()) {
            store.states.put(userKey, dev.strangler.rules.UserState.MIGRATED);
            if (markOwed) {
                store.marksOwed.add(userKey);
            }
        } else if ((done instanceof MigrationEngine.Outcome.Failed || done instanceof MigrationEngine.Outcome.TimedOut)
                && store.states.get(userKey) != dev.strangler.rules.UserState.MIGRATED) {
            store.states.put(userKey, done.state());
            store.lastAttempts.put(userKey, clock.instant());
        }
        return Future.succeededFuture(done);
    }

    @Override
    public Future<MigrationEngine.Outcome> migrate(String userKey, Trigger trigger, boolean force) {
        return ensureMigrated(userKey, trigger);
    }

    @Override
    public Future<dev.strangler.migrator.MigrationEngine.DryRun> dryRun(String userKey) {
        return Future.failedFuture(new UnsupportedOperationException("the request path never dry-runs"));
    }

    @Override
    public boolean retryDue(UserFacts facts) {
        return facts.retryDue(Duration.ofMinutes(10), clock.instant());
    }

    @Override
    public Optional<Future<MigrationEngine.Outcome>> inFlight(String userKey) {
        return Optional.ofNullable(running.get(userKey));
    }
}
