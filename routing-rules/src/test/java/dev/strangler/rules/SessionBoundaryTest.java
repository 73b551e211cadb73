package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.Percent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code routing.session}: a legacy session in progress keeps a user who is not migrated on legacy. */
class SessionBoundaryTest {

    private static final SessionBoundary SESSION = new SessionBoundary("JSESSIONID", Duration.ofMinutes(30));
    private static final long NOW = 1_800_000_000L;
    private static final String FINGERPRINT = Long.toHexString(Bucketing.unsignedHash("abc"));

    private static RequestFacts request(String session, String stamp) {
        Map<String, String> cookies = new HashMap<>();
        if (session != null) {
            cookies.put("JSESSIONID", session);
        }
        if (stamp != null) {
            cookies.put(SessionBoundary.STAMP_COOKIE, stamp.replace("FP", FINGERPRINT));
        }
        return new RequestFacts("GET", "/api/orders", "", Map.of("x-user-id", "user-1"), cookies, Map.of(), NOW);
    }

    private static String stampSecondsAgo(long seconds) {
        return "FP." + (NOW - seconds);
    }

    @ParameterizedTest(name = "session {0}, stamp seen {1}s ago: in progress {2}")
    @CsvSource(nullValues = "-", value = {
        "-,   -,    false",
        "'',  -,    false",
        "abc, -,    true",
        "abc, 0,    true",
        "abc, 1799, true",
        "abc, 1800, false",
        "abc, 7200, false",
    })
    void inProgress_untilTheCookieIsGoneOrIdle(String session, Long secondsAgo, boolean inProgress) {
        RequestFacts request = request(session, secondsAgo == null ? null : stampSecondsAgo(secondsAgo));

        assertThat(SESSION.inProgress(request)).isEqualTo(inProgress);
    }

    @Test
    void stampOfAnotherSession_countsAsNeverSeen() {
        RequestFacts request = request("abc", "0123abcd." + (NOW - 7200));

        assertThat(SESSION.inProgress(request)).isTrue();
        assertThat(SESSION.stamp(request)).isEqualTo(SessionBoundary.STAMP_COOKIE + "=" + FINGERPRINT + "." + NOW
                + "; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void stamp_refreshedAtMostEveryMinute() {
        assertThat(SESSION.stamp(request("abc", stampSecondsAgo(59)))).isNull();
        assertThat(SESSION.stamp(request("abc", stampSecondsAgo(60)))).contains(FINGERPRINT + "." + NOW);
        assertThat(SESSION.stamp(request(null, null))).isNull();
    }

    @Test
    void rollout_inShareWithALegacySession_staysOnLegacyUntilItEnds() {
        Cohort everyone = new Cohort("everyone", Set.of(), null, Percent.ALL, null);
        RouteRule api = new RouteRule("api", PathPattern.compile("/api/**"), List.of(), Map.of(), null,
                RouteTarget.ROLLOUT);
        RoutingTable table = RoutingTable.of(new RoutingConfig("s", Upstream.LEGACY, Bucketing.STRANGLER,
                List.of(api), List.of(everyone), SESSION), List.of(new IdentityExtractor.Header("X-User-Id")));

        Decision during = table.decide(request("abc", stampSecondsAgo(60)), UserStatus.NEW);
        Decision after = table.decide(request("abc", stampSecondsAgo(3600)), UserStatus.NEW);
        Decision migrated = table.decide(request("abc", null), new UserStatus(UserState.MIGRATED, null, false));
        Decision fresh = table.decide(request(null, null), UserStatus.NEW);

        assertThat(during.upstream()).isEqualTo(Upstream.LEGACY);
        assertThat(during.reason()).isEqualTo(Decision.Reason.LEGACY_SESSION);
        assertThat(during.migrateFirst()).isFalse();
        assertThat(after.upstream()).isEqualTo(Upstream.MODERN);
        assertThat(after.migrateFirst()).isTrue();
        assertThat(migrated.upstream()).isEqualTo(Upstream.MODERN);
        assertThat(fresh.upstream()).isEqualTo(Upstream.MODERN);
        assertThat(fresh.migrateFirst()).isTrue();
    }
}
