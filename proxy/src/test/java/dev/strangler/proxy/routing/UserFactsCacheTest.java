package dev.strangler.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.migrator.UserFacts;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UserFactsCacheTest {

    private final Map<String, UserState> states = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final UserFactsCache.Reader store = userKey -> {
        reads.incrementAndGet();
        return Future.succeededFuture(new UserFacts(userKey, states.getOrDefault(userKey, UserState.PENDING), null,
                null));
    };
    private final AtomicLong nanos = new AtomicLong();
    private final UserFactsCache cache = new UserFactsCache(store, new MigratedKeys(), 100, Duration.ofSeconds(30),
            nanos::get);

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
    void migratedUser_isForgottenByANotification() {
        states.put("ALFKI", UserState.MIGRATED);
        cache.find("ALFKI").await();

        cache.invalidate("ALFKI");
        cache.find("ALFKI").await();

        assertThat(reads).hasValue(2);
    }
}
