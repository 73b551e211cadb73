package dev.strangler.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationAdmission;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.proxy.forward.Rejection;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.proxy.forward.Resolution;
import dev.strangler.proxy.forward.Route;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request path's migration admission ({@link ResolverFixture}: three tokens, a clock that never moves):
 * who is attempted, and where a refused request goes.
 */
class AdmissionDecisionTest extends ResolverFixture {

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

    /**
     * A request is decided again when its user's state moved while it was decided (README "Barrier"); one refused
     * admission then stays refused: counted once, and not offered to the bucket a second time. Counted per decision,
     * a flood's refusals plus attempts exceeded its requests under load (UnknownUserTest: 2 attempted + 7 refused
     * for 8 requests).
     */
    @Test
    void requestDecidedAgainAfterARefusal_isRefusedAndCountedOnce() {
        keys.reload(each -> Future.succeededFuture()).await();
        for (String user : List.of("RND01", "RND02", "RND03")) {
            resolve(user);
        }
        RequestHead read = head("RND04");
        Route first = (Route) resolver.resolve(read).await();

        Resolution again = resolver.resolveAgain(read, first).await();

        assertThat(first.admissionRefused()).isTrue();
        assertThat(again).isEqualTo(new Route(Upstream.LEGACY, "orders", "staff"));
        assertThat(((Route) again).admissionRefused()).as("still refused, for a third decision").isTrue();
        assertThat(refused).as("one request, one refusal").hasValue(1);
        assertThat(resolve("RND04")).as("a new request is a new decision").isEqualTo(first);
        assertThat(refused).hasValue(2);
    }

    @Test
    void requestDecidedAgainAfterARefusal_isNotAdmittedByATokenThatCameMeanwhile() {
        keys.reload(each -> Future.succeededFuture()).await();
        RequestHead read = head("RND01");
        Route refusedBefore = new Route(Upstream.LEGACY, "orders", "staff", "RND01").refusedAdmission();

        Resolution again = resolver.resolveAgain(read, refusedBefore).await();

        assertThat(again).isEqualTo(new Route(Upstream.LEGACY, "orders", "staff"));
        assertThat(engine.asked).as("three tokens left, none taken").isEmpty();
        assertThat(refused).hasValue(0);
        assertThat(resolve("RND02")).isEqualTo(new Route(Upstream.MODERN, "orders", "staff"));
    }

    @Test
    void requestDecidedAgainWithoutARefusal_isOfferedToAdmission() {
        keys.reload(each -> Future.succeededFuture()).await();

        Resolution again = resolver.resolveAgain(head("RND01"), new Route(Upstream.LEGACY, "orders", "staff", "RND01"))
                .await();

        assertThat(again).isEqualTo(new Route(Upstream.MODERN, "orders", "staff"));
        assertThat(engine.asked).containsExactly("RND01");
    }
}
