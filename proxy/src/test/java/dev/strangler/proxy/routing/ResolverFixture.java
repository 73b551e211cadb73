package dev.strangler.proxy.routing;


import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationAdmission;
import dev.strangler.config.file.StranglerConfig;
import dev.strangler.proxy.forward.RequestHead;
import dev.strangler.proxy.forward.Resolution;
import dev.strangler.rules.RoutingTable;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request path's decisions with fakes of our own seams: a state store that answers or fails, an engine that
 * records what it was asked. Staff (ALFKI, MIG01, RND01..05) are in the modern share; everyone else is not. The
 * admission bucket holds three tokens and the clock never moves, so three attempts may start.
 */
abstract class ResolverFixture {

    static final String CONFIG = """
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
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T20:00:00Z"), ZoneOffset.UTC);

    final FakeStore store = new FakeStore();
    final FakeEngine engine = new FakeEngine(store, CLOCK);
    final MigratedKeys keys = new MigratedKeys();
    final AtomicInteger unknown = new AtomicInteger();
    final AtomicInteger expired = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger unknownToLegacy = new AtomicInteger();
    final UserFactsCache cache = new UserFactsCache(store, keys, 1000, Duration.ofSeconds(30),
            Duration.ofSeconds(5));
    final DecidingResolver resolver = resolver(Duration.ofMillis(300), Duration.ofSeconds(2));

    DecidingResolver resolver(Duration holdLimit, Duration transitionHold) {
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

    static RequestHead head(String user) {
        MultiMap headers = HttpHeaders.headers().add("Host", "shop.example");
        if (user != null) {
            headers.add("X-User-Id", user);
        }
        return new RequestHead(HttpMethod.GET, "/api/orders/1", "/api/orders/1", null, headers, null);
    }

    /** The resolution, failing the test if it takes more than ten seconds (the hold limit is 300 ms). */
    Resolution resolveWithin(String user) {
        MultiMap headers = HttpHeaders.headers().add("Host", "shop.example").add("X-User-Id", user);
        try {
            return resolver.resolve(new RequestHead(HttpMethod.GET, "/api/orders/1", "/api/orders/1", null, headers,
                    null)).await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException held) {
            throw new AssertionError("request held for more than 10 s", held);
        }
    }

    Resolution resolve(String user) {
        MultiMap headers = HttpHeaders.headers().add("Host", "shop.example").add("X-User-Id", user);
        return resolver.resolve(new RequestHead(HttpMethod.GET, "/api/orders/1", "/api/orders/1", null, headers,
                null)).await();
    }

    static RoutingTable table() {
        StranglerConfig config = ConfigLoader.parse("strangler.yaml", CONFIG, Map.of()).orElseThrow();
        return config.routingTable();
    }
}
