package dev.strangler.rules;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.Percent;
import dev.strangler.config.file.StranglerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingTableTest {

    private static RoutingTable table;

    @BeforeAll
    static void loadSpecExample() throws Exception {
        Path file = Path.of(RoutingTableTest.class.getResource("/config/spec-example.yaml").toURI());
        StranglerConfig config = ConfigLoader.load(file, Map.of("STRANGLER_ADMIN_TOKEN", "0123456789abcdef"))
                .orElseThrow();
        table = config.routingTable();
    }

    private static RequestFacts request(String method, String path, String user, String country) {
        Map<String, String> headers = new java.util.HashMap<>();
        if (user != null) {
            headers.put("X-User-Id", user);
        }
        if (country != null) {
            headers.put("X-Country", country);
        }
        return new RequestFacts(method, path, "shop.example.com", headers, Map.of(), Map.of(), 0);
    }

    private static UserStatus status(String state, String pin, boolean retryDue) {
        return new UserStatus(UserState.valueOf(state), pin.equals("-") ? null : Upstream.valueOf(pin), retryDue);
    }

    /**
     * SPEC §3.4, with the SPEC §8 example: staff (ALFKI, ANATR) at 100%, uk (x-country UK) at 25%, everyone at 5%.
     * Buckets under salt rollout-2026 (SPEC §3.3): ALFKI 709, 42 797, user-1 5306.
     */
    @ParameterizedTest(name = "{0} {1} user={2} country={3} {4}/{5}/{6} -> {7} {8} {9}")
    @CsvSource(delimiter = '|', value = {
        // path     | user   | country | state       | pin    | retry | upstream | migrate | reason       | cohort
        "GET | /assets/app.css        | ALFKI  | -  | MIGRATED    | -      | false | LEGACY | false | FIXED_RULE    | -",
        "GET | /about                 | ALFKI  | -  | MIGRATED    | -      | false | LEGACY | false | NO_RULE       | -",
        "GET | /api/orders/1          | -      | -  | PENDING     | -      | false | LEGACY | false | ANONYMOUS     | -",
        "GET | /api/orders/1          | user-1 | -  | PENDING     | MODERN | false | MODERN | true  | PINNED        | -",
        "GET | /api/orders/1          | user-1 | -  | MIGRATED    | MODERN | false | MODERN | false | PINNED        | -",
        "GET | /api/orders/1          | ALFKI  | -  | PENDING     | LEGACY | false | LEGACY | false | PINNED        | -",
        "GET | /api/orders/1          | ALFKI  | -  | MIGRATED    | LEGACY | false | LEGACY | false | PINNED        | -",
        "GET | /api/orders/1          | user-1 | -  | MIGRATED    | -      | false | MODERN | false | MIGRATED      | everyone",
        "GET | /api/orders/1          | ALFKI  | -  | MIGRATED    | -      | false | MODERN | false | MIGRATED      | staff",
        "GET | /api/orders/1          | ALFKI  | -  | ROLLED_BACK | -      | false | LEGACY | false | ROLLED_BACK   | -",
        "GET | /api/orders/1          | ALFKI  | -  | INVALID     | -      | false | LEGACY | false | RETRY_NOT_DUE | -",
        "GET | /api/orders/1          | ALFKI  | -  | FAILED      | -      | false | LEGACY | false | RETRY_NOT_DUE | -",
        "GET | /api/orders/1          | ALFKI  | -  | INVALID     | -      | true  | MODERN | true  | IN_SHARE      | staff",
        "GET | /api/orders/1          | user-1 | -  | FAILED      | -      | true  | LEGACY | false | OUT_OF_SHARE  | everyone",
        "GET | /api/orders/1          | ALFKI  | -  | PENDING     | -      | false | MODERN | true  | IN_SHARE      | staff",
        "GET | /api/customers/ANATR/x | ANATR  | -  | PENDING     | -      | false | MODERN | true  | IN_SHARE      | staff",
        "GET | /api/orders/1          | 42     | UK | PENDING     | -      | false | MODERN | true  | IN_SHARE      | uk",
        "GET | /api/orders/1          | user-1 | UK | PENDING     | -      | false | LEGACY | false | OUT_OF_SHARE  | uk",
        "GET | /api/orders/1          | user-1 | FR | PENDING     | -      | false | LEGACY | false | OUT_OF_SHARE  | everyone",
        "GET | /api/orders/1          | 42     | -  | PENDING     | -      | false | LEGACY | false | OUT_OF_SHARE  | everyone",
    })
    void specPrecedence(String method, String path, String user, String country, String state, String pin,
                        boolean retryDue, Upstream upstream, boolean migrate, Decision.Reason reason, String cohort) {
        RequestFacts request = request(method, path, user.equals("-") ? null : user,
                country.equals("-") ? null : country);
        Decision decision = table.decide(request, status(state, pin, retryDue));
        assertThat(decision.upstream()).as(decision.explain()).isEqualTo(upstream);
        assertThat(decision.migrateFirst()).as(decision.explain()).isEqualTo(migrate);
        assertThat(decision.reason()).as(decision.explain()).isEqualTo(reason);
        assertThat(decision.cohort()).as(decision.explain()).isEqualTo(cohort.equals("-") ? null : cohort);
    }

    @Test
    void decision_explainsItselfInOneLine() {
        Decision decision = table.decide(request("GET", "/api/orders/1", "ALFKI", null), UserStatus.NEW);
        assertThat(decision.explain()).isEqualTo("modern (migrate first): in the cohort's modern share; rule routes[2],"
                + " user ALFKI, cohort staff, bucket 709");
        assertThat(decision.explain()).doesNotContain("\n");
    }

    @Test
    void runtimePercentage_appliesWithoutRecompiling() {
        RequestFacts request = request("GET", "/api/orders/1", "42", null);
        assertThat(table.decide(request, UserStatus.NEW).upstream()).isEqualTo(Upstream.LEGACY);
        RoutingTable raised = table.withPercentages(Map.of("everyone", Percent.parse("7.98"), "gone", Percent.ALL));
        assertThat(raised.decide(request, UserStatus.NEW).upstream()).isEqualTo(Upstream.MODERN);
        assertThat(raised.percentages()).containsEntry("everyone", Percent.parse("7.98"))
                .containsEntry("staff", Percent.ALL).doesNotContainKey("gone");
        assertThat(table.withPercentages(Map.of("everyone", Percent.parse("7.97"))).decide(request, UserStatus.NEW)
                .upstream()).isEqualTo(Upstream.LEGACY);
        assertThat(table.percentages()).containsEntry("everyone", Percent.parse("5"));
    }

    @Test
    void lowering_neverSendsAMigratedUserBack() {
        RoutingTable closed = table.withPercentages(Map.of("staff", Percent.ZERO, "uk", Percent.ZERO,
                "everyone", Percent.ZERO));
        Decision decision = closed.decide(request("GET", "/api/orders/1", "ALFKI", null),
                UserStatus.of(UserState.MIGRATED));
        assertThat(decision.upstream()).isEqualTo(Upstream.MODERN);
    }

    @Test
    void sameRequestAndStatus_alwaysGiveTheSameDecision() {
        for (int i = 0; i < 10_000; i++) {
            RequestFacts request = request("GET", "/api/orders/" + i, "user-" + i, i % 3 == 0 ? "UK" : null);
            assertThat(table.decide(request, UserStatus.NEW)).isEqualTo(table.decide(request, UserStatus.NEW));
        }
    }

    @Test
    void twoLoadsOfTheSameFile_decideAlikeForEveryUser() throws Exception {
        Path file = Path.of(RoutingTableTest.class.getResource("/config/spec-example.yaml").toURI());
        RoutingTable otherInstance = ConfigLoader.load(file,
                Map.of("STRANGLER_ADMIN_TOKEN", "another-token-entirely")).orElseThrow().routingTable();
        for (int i = 0; i < 20_000; i++) {
            RequestFacts request = request("GET", "/api/orders/" + i, "user-" + i, i % 4 == 0 ? "UK" : "FR");
            assertThat(otherInstance.decide(request, UserStatus.NEW)).isEqualTo(table.decide(request, UserStatus.NEW));
        }
    }

    @Test
    void match_findsTheUserKeyOnEveryRouteButAsksForStatusOnlyOnRollout() {
        RouteMatch assets = table.match(request("GET", "/assets/a.css", "ALFKI", null));
        assertThat(assets.userKey()).isEqualTo("ALFKI");
        assertThat(assets.needsUserStatus()).isFalse();
        RouteMatch orders = table.match(request("GET", "/api/orders", "ALFKI", null));
        assertThat(orders.needsUserStatus()).isTrue();
        assertThat(table.match(request("GET", "/api/orders", null, null)).needsUserStatus()).isFalse();
    }

    @Test
    void decideRollout_answersTheAdminApiWithoutARequest() {
        Decision decision = table.decideRollout("ANATR", RequestFacts.of("GET", "/"), UserStatus.NEW);
        assertThat(decision.cohort()).isEqualTo("staff");
        assertThat(decision.bucket()).isEqualTo(Bucketing.bucket("rollout-2026", "ANATR"));
        assertThat(decision.rule()).isNull();
    }
}
