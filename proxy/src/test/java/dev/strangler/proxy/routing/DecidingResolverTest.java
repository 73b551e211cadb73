package dev.strangler.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.Resolution;
import dev.strangler.proxy.forward.Route;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The request path's decisions ({@link ResolverFixture}): held requests, unknown states, transitions, outcomes.
 */
class DecidingResolverTest extends ResolverFixture {

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
}
