package dev.strangler.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationAdmission;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.proxy.forward.Resolution;
import dev.strangler.proxy.forward.Route;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The request path's decisions with fakes of our own seams: a state store that answers or fails, an engine that
 * records what it was asked. Staff (ALFKI, MIG01, RND01..05) are in the modern share; everyone else is not. The
 * admission bucket holds three tokens and the clock never moves, so three attempts may start.
 */
class DecidingResolverTest {

    private static final String CONFIG = """
            server: { port: 8080 }
            admin: { port: 9090, token: "a-test-token-of-sufficient-length" }
            upstreams:
              legacy: { url: "http://127.0.0.1:1" }
              modern: { url: "http://127.0.0.1:2" }
            identity:
              - header: X-User-Id
            routing:
              salt: rollout-2026
              routes:
                - { id: orders, path: "/api/orders/**", to: rollout }
              cohorts:
                - { name: staff, users: [ALFKI, MIG01, RND01, RND02, RND03, RND04, RND05], percent: 100 }
                - { name: everyone, percent: 0 }
            migration:
              legacy: "postgresql://u@127.0.0.1:1/legacy"
              modern: "postgresql://u@127.0.0.1:1/modern"
              users: "SELECT 1"
              entities:
                - name: customer
                  cardinality: one
                  fetch: "SELECT * FROM customers WHERE customer_id = $1"
                  map: { id: row.customer_id }
                  upsert: "INSERT INTO customer (id) VALUES (:id) ON CONFLICT (id) DO NOTHING"
            """;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T20:00:00Z"), ZoneOffset.UTC);

    private final FakeStore store = new FakeStore();
    private final FakeEngine engine = new FakeEngine(store, CLOCK);
    private final MigratedKeys keys = new MigratedKeys();
    private final AtomicInteger unknown = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger unknownToLegacy = new AtomicInteger();
    private final UserFactsCache cache = new UserFactsCache(store, keys, 1000, Duration.ofSeconds(30),
            Duration.ofSeconds(5));
    private final DecidingResolver resolver = resolver(Duration.ofMillis(300), Duration.ofSeconds(2));

    private DecidingResolver resolver(Duration holdLimit, Duration transitionHold) {
        return new DecidingResolver(table(), cache, engine, keys,
            new AdmissionBucket(new MigrationAdmission(1, 3), CLOCK), new RequestPathEvents() {
                @Override
                public void unknownState() {
                    unknown.incrementAndGet();
                }

                @Override
                public void unknownStateLegacy() {
                    unknownToLegacy.incrementAndGet();
                }

                @Override
                public void holdExpired() {
                    expired.incrementAndGet();
                }

                @Override
                public void admissionRefused() {
                    refused.incrementAndGet();
                }
            }, CLOCK, new DecidingResolver.Settings(Duration.ofMinutes(10), holdLimit, Duration.ofSeconds(2),
                transitionHold));
    }

    @Test
    void seed34_userMigratedElsewhereWithTheCleanedMarkOwed_isServedByNeitherSide_untilTheMark() {
        keys.reload(each -> Future.succeededFuture()).await();
        store.states.put("BONAP", dev.strangler.rules.UserState.MIGRATED);
        store.marksOwed.add("BONAP");
        DecidingResolver patient = resolver(Duration.ofMinutes(1), Duration.ofMinutes(1));

        Future<Resolution> held = patient.resolve(head("BONAP"));
        assertThat(held.isComplete()).as("held for the cleaned mark's notification").isFalse();
        store.marksOwed.remove("BONAP");
        cache.changedElsewhere("BONAP");

        assertThat(held.await()).isEqualTo(new Route(Upstream.MODERN, "orders", "everyone"));
        assertThat(engine.asked).isEmpty();
    }

    @Test
    void seed34_userStillInTransitionAfterTheHold_gets503_counted() {
        keys.reload(each -> Future.succeededFuture()).await();
        store.states.put("BONAP", dev.strangler.rules.UserState.MIGRATED);
        store.marksOwed.add("BONAP");
        DecidingResolver quick = resolver(Duration.ofMinutes(1), Duration.ofMillis(50));

        Resolution answer = quick.resolve(head("BONAP")).await();

        assertThat(answer).isEqualTo(Rejection.unavailable(Duration.ofSeconds(2)));
        assertThat(unknown).hasValue(1);
        assertThat(expired).as("released by the transition's own bound, not the hold limit").hasValue(0);
    }

    @Test
    void seed34_requestPathMigrationWhoseCleanedMarkIsStillOwed_gets503_notModern() {
        keys.reload(each -> Future.succeededFuture()).await();
        engine.markOwed = true;

        assertThat(resolver(Duration.ofMinutes(1), Duration.ofMillis(50)).resolve(head("ALFKI")).await())
                .isEqualTo(Rejection.unavailable(Duration.ofSeconds(2)));
        assertThat(keys.certainlyNotMigrated("ALFKI")).isFalse();
    }

    @Test
    void unreadableState_migratedUser_gets503WithRetryAfter_neverLegacy() {
        keys.reload(each -> {
            each.accept("BONAP");
            return Future.succeededFuture();
        }).await();
        store.failing = true;

        for (int i = 0; i < 10; i++) {
            assertThat(resolve("BONAP")).isEqualTo(Rejection.unavailable(Duration.ofSeconds(2)));
        }
        assertThat(unknown).hasValue(10);
        assertThat(unknownToLegacy).hasValue(0);
    }

    @Test
    void unreadableState_userCertainlyNotMigrated_goesToLegacy() {
        keys.reload(each -> Future.succeededFuture()).await();
        store.failing = true;

        assertThat(resolve("BLAUS")).isEqualTo(new Route(Upstream.LEGACY, "orders", "everyone"));
        assertThat(unknown).hasValue(0);
        assertThat(unknownToLegacy).as("counted apart from the 503s").hasValue(1);
    }

    /**
     * MultiReplicaTest under load, 2026-12-01: replica 0's state reads passed their deadline while replica 1 was
     * migrating the same users (an attempt no other instance can see before it commits); the fingerprints said
     * "certainly not migrated" and replica 0 answered from legacy, where a write could land after replica 1's mark.
     */
    @Test
    void unreadableState_userInTheModernShare_gets503_evenWhenNoFingerprintSaysMigrated() {
        keys.reload(each -> Future.succeededFuture()).await();
        store.failing = true;

        assertThat(resolve("RND01")).isEqualTo(Rejection.unavailable(Duration.ofSeconds(2)));
        assertThat(engine.asked).isEmpty();
        assertThat(unknown).hasValue(1);
        assertThat(unknownToLegacy).hasValue(0);
    }

    @Test
    void unreadableState_beforeTheKeysAreLoaded_gets503() {
        store.failing = true;

        assertThat(resolve("BLAUS")).isInstanceOf(Rejection.class);
    }

    @Test
    void migratedUser_knownToTheCache_isServedByModernWhileTheStoreFails() {
        keys.reload(each -> Future.succeededFuture()).await();
        store.states.put("MIG01", dev.strangler.rules.UserState.MIGRATED);
        assertThat(resolve("MIG01")).isEqualTo(new Route(Upstream.MODERN, "orders", "staff"));
        store.failing = true;

        assertThat(resolve("MIG01")).isEqualTo(new Route(Upstream.MODERN, "orders", "staff"));
    }

    @Test
    void attemptThatMayHaveCommitted_keepsTheUserMaybeMigrated() {
        keys.reload(each -> Future.succeededFuture()).await();
        engine.outcome = userKey -> new MigrationEngine.Outcome.TimedOut(userKey, Duration.ofSeconds(2));

        assertThat(resolve("ALFKI")).as("legacy on the store's word (FAILED, retry not due), as the next request")
                .isEqualTo(new Route(Upstream.LEGACY, "orders", "none"));
        store.failing = true;
        store.states.clear();

        assertThat(keys.certainlyNotMigrated("ALFKI")).isFalse();
    }

    @Test
    void stateStoreThatNeverAnswers_releasesTheRequestAtTheHoldLimit() {
        keys.reload(each -> Future.succeededFuture()).await();
        store.never = true;

        Resolution resolution = resolveWithin("BLAUS");

        assertThat(resolution).isEqualTo(new Route(Upstream.LEGACY, "orders", "everyone"));
        assertThat(expired).hasValue(1);
    }

    @Test
    void migrationThatNeverEnds_releasesEveryHeldRequestWith503() {
        keys.reload(each -> Future.succeededFuture()).await();
        engine.never = true;

        Resolution first = resolveWithin("ALFKI");
        Resolution joining = resolveWithin("ALFKI");

        assertThat(first).isEqualTo(Rejection.unavailable(Duration.ofSeconds(2)));
        assertThat(joining).isEqualTo(Rejection.unavailable(Duration.ofSeconds(2)));
        assertThat(expired).hasValue(2);
    }

    @Test
    void floodOfKeysInTheShare_startsOnlyTheAdmittedMigrations_theRestGoToLegacyUnattempted() {
        keys.reload(each -> Future.succeededFuture()).await();
        List<Resolution> resolutions = new ArrayList<>();

        for (String user : List.of("RND01", "RND02", "RND03", "RND04", "RND05")) {
            resolutions.add(resolve(user));
        }

        assertThat(engine.asked).containsExactly("RND01", "RND02", "RND03");
        assertThat(resolutions).containsExactly(new Route(Upstream.MODERN, "orders", "staff"),
                new Route(Upstream.MODERN, "orders", "staff"), new Route(Upstream.MODERN, "orders", "staff"),
                new Route(Upstream.LEGACY, "orders", "staff"), new Route(Upstream.LEGACY, "orders", "staff"));
        assertThat(refused).hasValue(2);
        assertThat(keys.certainlyNotMigrated("RND04")).isTrue();
    }

    /**
     * A write of a user refused admission could reach legacy after the cleaned mark of a migration another instance
     * runs for the same user at that moment: 503 with Retry-After, counted as a refusal; reads still go to legacy.
     */
    @Test
    void admissionRefusal_ofAWrite_gets503_notLegacy() {
        keys.reload(each -> Future.succeededFuture()).await();
        for (String user : List.of("RND01", "RND02", "RND03")) {
            resolve(user);
        }

        MultiMap headers = HttpHeaders.headers().add("Host", "shop.example").add("X-User-Id", "RND04");
        Resolution write = resolver.resolve(new RequestHead(HttpMethod.POST, "/api/orders/1", "/api/orders/1", null,
                headers, null)).await();

        assertThat(write).isEqualTo(Rejection.unavailable(Duration.ofSeconds(2)));
        assertThat(resolve("RND05")).isEqualTo(new Route(Upstream.LEGACY, "orders", "staff"));
        assertThat(engine.asked).containsExactly("RND01", "RND02", "RND03");
        assertThat(refused).hasValue(2);
    }

    @Test
    void admissionShutByModernsEjection_sendsWritesToLegacy() {
        keys.reload(each -> Future.succeededFuture()).await();
        DecidingResolver ejected = new DecidingResolver(table(), cache, engine, keys,
                new AdmissionBucket(new MigrationAdmission(1, 3), CLOCK, () -> false), RequestPathEvents.NONE, CLOCK,
                new DecidingResolver.Settings(Duration.ofMinutes(10), Duration.ofMillis(300), Duration.ofSeconds(2),
                        Duration.ofSeconds(2)));
        MultiMap headers = HttpHeaders.headers().add("Host", "shop.example").add("X-User-Id", "RND01");

        assertThat(ejected.resolve(new RequestHead(HttpMethod.POST, "/api/orders/1", "/api/orders/1", null, headers,
                null)).await()).isEqualTo(new Route(Upstream.LEGACY, "orders", "staff"));
        assertThat(engine.asked).isEmpty();
    }

    @Test
    void admissionRefusal_afterTheChangeStreamWasLost_followsAFreshRead_notRememberedFacts() {
        keys.reload(each -> Future.succeededFuture()).await();
        for (String user : List.of("RND01", "RND02", "RND03", "RND04")) {
            resolve(user);
        }
        assertThat(refused).as("RND04 refused, remembered as pending").hasValue(1);
        store.states.put("RND04", dev.strangler.rules.UserState.MIGRATED);
        keys.stale();

        assertThat(resolve("RND04")).as("migrated by another instance, notification missed")
                .isEqualTo(new Route(Upstream.MODERN, "orders", "staff"));
    }

    @Test
    void requestThatOnlyJoinsAMigrationInFlight_takesNoAdmissionToken() {
        keys.reload(each -> Future.succeededFuture()).await();
        engine.never = true;
        store.holding = true;
        resolver.resolve(head("ALFKI"));
        resolver.resolve(head("ALFKI"));
        store.holding = false;
        store.pending.get(0).complete(UserFacts.pending("ALFKI"));
        store.pending.get(1).complete(UserFacts.pending("ALFKI"));
        assertThat(engine.running).containsOnlyKeys("ALFKI");

        resolver.resolve(head("RND01"));
        resolver.resolve(head("RND02"));

        assertThat(refused).as("three tokens: ALFKI's migration, RND01's, RND02's").hasValue(0);
        assertThat(engine.running).containsOnlyKeys("ALFKI", "RND01", "RND02");
    }

    @Test
    void migrationWhoseOutcomeIsUnknown_gets503_andIsNotRemembered() {
        keys.reload(each -> Future.succeededFuture()).await();
        engine.outcome = userKey -> new MigrationEngine.Outcome.Unknown(userKey, "the state could not be read");

        assertThat(resolve("ALFKI")).isEqualTo(Rejection.unavailable(Duration.ofSeconds(2)));
        assertThat(keys.certainlyNotMigrated("ALFKI")).isFalse();
        store.states.put("ALFKI", dev.strangler.rules.UserState.MIGRATED);
        assertThat(resolve("ALFKI")).as("read again, not remembered as failed")
                .isEqualTo(new Route(Upstream.MODERN, "orders", "staff"));
    }

    @Test
    void genuineRecordedFailure_staysOnLegacy() {
        keys.reload(each -> Future.succeededFuture()).await();
        engine.outcome = userKey -> new MigrationEngine.Outcome.Failed(userKey, "legacy refused the read");

        assertThat(resolve("ALFKI")).as("legacy on the store's word (FAILED, retry not due), as the next request")
                .isEqualTo(new Route(Upstream.LEGACY, "orders", "none"));
    }

    /**
     * An attempt that timed out (here: waiting for the lock another instance held) is followed by a read of the
     * store, which has the other instance's MIGRATED: modern, never legacy.
     */
    @Test
    void attemptThatTimedOutWhileAnotherInstanceMigrated_goesToModern_onTheStoresWord() {
        keys.reload(each -> Future.succeededFuture()).await();
        engine.outcome = userKey -> {
            store.states.put(userKey, dev.strangler.rules.UserState.MIGRATED);
            return new MigrationEngine.Outcome.Failed(userKey, "lock wait timed out");
        };

        assertThat(resolve("ALFKI")).isEqualTo(new Route(Upstream.MODERN, "orders", "staff"));
    }

    @Test
    void attemptThatFailed_andAStoreThatCannotBeRead_gets503_notLegacy() {
        keys.reload(each -> Future.succeededFuture()).await();
        engine.outcome = userKey -> {
            store.failing = true;
            return new MigrationEngine.Outcome.TimedOut(userKey, Duration.ofSeconds(2));
        };

        assertThat(resolve("ALFKI")).isEqualTo(Rejection.unavailable(Duration.ofSeconds(2)));
    }

    @Test
    void userKeyLongerThan1024Bytes_is400_beforeItsStateIsRead() {
        keys.reload(each -> Future.succeededFuture()).await();
        store.failing = true;
        String longest = "K".repeat(1024);

        assertThat(resolve(longest + "x")).isEqualTo(Rejection.badRequest(
                "Bad Request: user key longer than 1024 bytes"));
        assertThat(resolve(longest)).as("1024 bytes: decided as usual (the store failing, as certainly not migrated)")
                .isEqualTo(new Route(Upstream.LEGACY, "orders", "everyone"));
        assertThat(engine.asked).isEmpty();
    }

    @Test
    void fallbackAfterAResolverFailure_is503ForAUserKey_legacyOnlyForAnAnonymousRequest() {
        keys.reload(each -> Future.succeededFuture()).await();

        assertThat(resolver.fallback(head("BLAUS"))).isEqualTo(Rejection.unavailable(Duration.ofSeconds(2)));
        assertThat(resolver.fallback(head(null))).isEqualTo(new Route(Upstream.LEGACY, "orders", "none"));
    }

    private static RequestHead head(String user) {
        MultiMap headers = HttpHeaders.headers().add("Host", "shop.example");
        if (user != null) {
            headers.add("X-User-Id", user);
        }
        return new RequestHead(HttpMethod.GET, "/api/orders/1", "/api/orders/1", null, headers, null);
    }

    /** The resolution, failing the test if it takes more than ten seconds (the hold limit is 300 ms). */
    private Resolution resolveWithin(String user) {
        MultiMap headers = HttpHeaders.headers().add("Host", "shop.example").add("X-User-Id", user);
        try {
            return resolver.resolve(new RequestHead(HttpMethod.GET, "/api/orders/1", "/api/orders/1", null, headers,
                    null)).await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException held) {
            throw new AssertionError("request held for more than 10 s", held);
        }
    }

    private Resolution resolve(String user) {
        MultiMap headers = HttpHeaders.headers().add("Host", "shop.example").add("X-User-Id", user);
        return resolver.resolve(new RequestHead(HttpMethod.GET, "/api/orders/1", "/api/orders/1", null, headers,
                null)).await();
    }

    private static RoutingTable table() {
        StranglerConfig config = ConfigLoader.parse("strangler.yaml", CONFIG, Map.of()).orElseThrow();
        return config.routingTable();
    }
}
