package dev.strangler.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UserFactsCacheTest {

    private final Map<String, UserState> states = new HashMap<>();
    private final java.util.Set<String> marksOwed = new java.util.HashSet<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final UserFactsCache.Reader store = userKey -> {
        reads.incrementAndGet();
        return Future.succeededFuture(new UserFacts(userKey, states.getOrDefault(userKey, UserState.PENDING), null,
                null, marksOwed.contains(userKey)));
    };
    private final AtomicLong nanos = new AtomicLong();
    private final MigratedKeys keys = current();
    private final UserFactsCache cache = new UserFactsCache(store, keys, 100, Duration.ofSeconds(30),
            Duration.ofSeconds(5), nanos::get);

    /** Keys loaded (empty) since the change stream connected: "certainly not migrated" may be answered. */
    private static MigratedKeys current() {
        MigratedKeys loaded = new MigratedKeys();
        loaded.reload(each -> Future.succeededFuture()).await();
        return loaded;
    }

    @Test
    void userInTransition_isNeverKept_eachRequestReadsTheStoreUntilTheMark() {
        cache.find("BONAP").await();
        states.put("BONAP", UserState.MIGRATED);
        marksOwed.add("BONAP");
        cache.changedElsewhere("BONAP");

        assertThat(cache.find("BONAP").await().inTransition()).isTrue();
        assertThat(cache.find("BONAP").await().inTransition()).isTrue();
        int readsInTransition = reads.get();
        marksOwed.remove("BONAP");
        cache.find("BONAP").await();
        cache.find("BONAP").await();

        assertThat(readsInTransition).as("the first read, the notification's, and one per request").isEqualTo(4);
        assertThat(reads).as("kept once the mark is written").hasValue(5);
        assertThat(keys.certainlyNotMigrated("BONAP")).isFalse();
    }

    @Test
    void nextChange_completesWhenTheUserIsForgotten() {
        Future<Void> change = cache.nextChange("BONAP", Duration.ofMinutes(1));
        assertThat(change.isComplete()).isFalse();

        cache.changedElsewhere("BONAP");

        assertThat(change.succeeded()).isTrue();
    }

    @Test
    void notifiedUser_isMaybeMigratedAtOnce_beforeTheirReadAnswers() {
        UserFactsCache unanswered = new UserFactsCache(userKey -> Promise.<UserFacts>promise().future(), keys, 100,
                Duration.ofSeconds(30), Duration.ofHours(1), nanos::get);
        assertThat(keys.certainlyNotMigrated("BLAUS")).isTrue();

        unanswered.changedElsewhere("BLAUS");

        assertThat(keys.certainlyNotMigrated("BLAUS")).isFalse();
    }

    @Test
    void cachedLegacySafeFacts_areNotTrusted_whileTheKeysAreNotCurrent() {
        cache.find("BONAP").await();
        keys.stale();
        states.put("BONAP", UserState.MIGRATED);

        assertThat(cache.find("BONAP").await().state()).isEqualTo(UserState.MIGRATED);
        assertThat(reads).hasValue(2);
    }

    @Test
    void cachedLegacySafeFacts_failTheLookup_whenTheStoreFailsWhileTheKeysAreNotCurrent() {
        AtomicInteger failing = new AtomicInteger();
        UserFactsCache flaky = new UserFactsCache(userKey -> failing.get() > 0
                ? Future.failedFuture(new java.net.ConnectException("Connection refused")) : store.find(userKey),
                keys, 100, Duration.ofSeconds(30), Duration.ofSeconds(5), nanos::get);
        states.put("ALFKI", UserState.MIGRATED);
        flaky.find("ALFKI").await();
        flaky.find("BONAP").await();
        keys.stale();
        failing.set(1);

        assertThat(flaky.find("ALFKI").await().state()).as("a remembered MIGRATED is the fallback")
                .isEqualTo(UserState.MIGRATED);
        assertThat(flaky.find("BONAP").failed()).as("a remembered PENDING is not").isTrue();
    }

    @Test
    void migratedUser_neverExpiresByTime() {
        states.put("ALFKI", UserState.MIGRATED);
        cache.find("ALFKI").await();

        nanos.addAndGet(Duration.ofDays(3).toNanos());
        cache.find("ALFKI").await();

        assertThat(reads).hasValue(1);
    }

    @Test
    void legacySafeUser_isReadAgainAfterExpireAfter() {
        cache.find("BONAP").await();

        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        cache.find("BONAP").await();

        assertThat(reads).hasValue(2);
    }

    @Test
    void readBegunBeforeANotification_isNotStoredAfterIt() {
        Promise<UserFacts> slow = Promise.promise();
        UserFactsCache racing = new UserFactsCache(userKey -> {
            reads.incrementAndGet();
            return reads.get() == 1 ? slow.future() : store.find(userKey);
        }, keys, 100, Duration.ofSeconds(30), Duration.ofSeconds(5), nanos::get);

        Future<UserFacts> stale = racing.find("ALFKI");
        states.put("ALFKI", UserState.MIGRATED);
        racing.invalidate("ALFKI");
        slow.complete(UserFacts.pending("ALFKI"));

        assertThat(stale.await().state()).isEqualTo(UserState.PENDING);
        assertThat(racing.find("ALFKI").await().state()).isEqualTo(UserState.MIGRATED);
    }

    @Test
    void readBegunBeforeForgettingEveryone_isNotStoredAfterIt() {
        Promise<UserFacts> slow = Promise.promise();
        UserFactsCache racing = new UserFactsCache(userKey -> {
            reads.incrementAndGet();
            return reads.get() == 1 ? slow.future() : store.find(userKey);
        }, keys, 100, Duration.ofSeconds(30), Duration.ofSeconds(5), nanos::get);

        racing.find("ALFKI");
        states.put("ALFKI", UserState.MIGRATED);
        racing.invalidateAll();
        slow.complete(UserFacts.pending("ALFKI"));

        assertThat(racing.find("ALFKI").await().state()).isEqualTo(UserState.MIGRATED);
    }

    @Test
    void factsLearntBeforeANotification_areNotStoredAfterIt() {
        long seen = cache.generation("ALFKI");
        cache.invalidate("ALFKI");
        cache.put(new UserFacts("ALFKI", UserState.MIGRATED, null, null), seen);
        states.put("ALFKI", UserState.ROLLED_BACK);

        assertThat(cache.find("ALFKI").await().state()).isEqualTo(UserState.ROLLED_BACK);
    }

    @Test
    void migratedUser_isForgottenByANotification() {
        states.put("ALFKI", UserState.MIGRATED);
        cache.find("ALFKI").await();

        cache.invalidate("ALFKI");
        cache.find("ALFKI").await();

        assertThat(reads).hasValue(2);
    }
}
