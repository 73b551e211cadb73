package dev.strangler.bench;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.rules.Decision;
import dev.strangler.rules.RequestFacts;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.UserStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decisions per second of a realistic routing table, single thread: {@code routes} route rules (most of them
 * before the rollout rules, so matching walks the list), five cohorts (by user lists, one of them replaced by a
 * {@code when:} expression in the "with expression" tables, the last selecting everyone) and one million
 * distinct user keys.
 *
 * <p>Each operation builds the request's {@link RequestFacts} from its header, as the proxy does per request, and
 * decides for a user who has never been migrated, the path that consults every cohort.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RoutingBenchmark {

    private static final int KEYS = 1_000_000;
    private static final String[] PATHS = {
        "/api/orders/10248", "/api/customers/ALFKI/orders", "/api/orders/10249/lines", "/api/invoices/7",
        "/api/customers/ANATR", "/api/orders"};

    @Param({"20", "200"})
    public int routes;

    private RoutingTable withoutExpression;
    private RoutingTable withExpression;
    private RoutingTable withInterpretedExpression;
    private String[] keys;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        withoutExpression = table(null);
        withExpression = table("request.headers[\"x-country\"] == \"UK\"");
        withInterpretedExpression = table("request.headers[\"x-country\"].matches(\"^U[KS]$\")");
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "customer-" + Integer.toHexString(i * 7919 + 12345);
        }
    }

    /** The table, with a cohort selected by {@code when} when it is not null, else by a user list. */
    private RoutingTable table(String when) {
        StringBuilder yaml = new StringBuilder("""
                admin: { token: "benchmark-admin-token" }
                upstreams:
                  legacy: { url: "http://127.0.0.1:8081" }
                  modern: { url: "http://127.0.0.1:8082" }
                identity:
                  - header: X-User-Id
                  - cookie: uid
                routing:
                  salt: rollout-2026
                  routes:
                """);
        int fixed = routes - 4;
        for (int i = 0; i < fixed; i++) {
            yaml.append(switch (i % 4) {
                case 0 -> "    - { path: \"/assets/v" + i + "/**\", to: legacy }\n";
                case 1 -> "    - { path: \"/static/" + i + "/*.css\", to: legacy }\n";
                case 2 -> "    - { path: \"/admin/" + i + "\", methods: [GET, POST], to: legacy }\n";
                default -> "    - { path: \"/reports/" + i + "/{id}/pdf\", headers: { x-beta: \"1\" }, to: modern }\n";
            });
        }
        yaml.append("""
                    - { path: "/api/customers/{key}/**", to: rollout }
                    - { path: "/api/orders/**", methods: [GET, POST, PUT], to: rollout }
                    - { path: "/api/invoices/*", to: rollout }
                    - { path: "/**", to: legacy }
                  cohorts:
                    - { name: staff, users: [ALFKI, ANATR, AROUT, BERGS], percent: 100 }
                """);
        yaml.append(when != null
                ? "    - { name: uk, when: '" + when + "', percent: 25 }\n"
                : "    - { name: uk, users: [BLAUS, BLONP], percent: 25 }\n");
        yaml.append("""
                    - { name: pilot, users: [BOLID, BONAP, BOTTM], percent: 50 }
                    - { name: low-risk, users: [CACTU, CENTC], percent: 75 }
                    - { name: everyone, percent: 10 }
                migration:
                  legacy: "postgresql://legacy@127.0.0.1:5432/northwind"
                  modern: "postgresql://modern@127.0.0.1:5432/modern"
                  users: "SELECT customer_id FROM customers"
                  entities:
                    - name: customer
                      fetch: "SELECT * FROM customers WHERE customer_id = $1"
                      map: { id: row.customer_id }
                      upsert: "INSERT INTO customer (id) VALUES (:id) ON CONFLICT DO NOTHING"
                """);
        StranglerConfig config = ConfigLoader.parse("benchmark.yaml", yaml.toString(), Map.of()).orElseThrow();
        return config.routingTable();
    }

    private RequestFacts nextRequest() {
        int i = next++;
        if (next == KEYS) {
            next = 0;
        }
        return new RequestFacts("GET", PATHS[i % PATHS.length], "shop.example.com",
                Map.of("x-user-id", keys[i], "x-country", (i & 3) == 0 ? "UK" : "FR"), Map.of(), Map.of(), 0);
    }

    @Benchmark
    public Decision decideWithoutExpression() {
        return withoutExpression.decide(nextRequest(), UserStatus.NEW);
    }

    /** A {@code when:} of a shape evaluated directly (see {@code DirectCondition}). */
    @Benchmark
    public Decision decideWithExpression() {
        return withExpression.decide(nextRequest(), UserStatus.NEW);
    }

    /** A {@code when:} that goes through the CEL interpreter (a regular expression). */
    @Benchmark
    public Decision decideWithInterpretedExpression() {
        return withInterpretedExpression.decide(nextRequest(), UserStatus.NEW);
    }
}
