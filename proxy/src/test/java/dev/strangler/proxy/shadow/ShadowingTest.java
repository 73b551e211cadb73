package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.CompareConfig;
import dev.strangler.config.IgnoreRule;
import dev.strangler.config.ShadowConfig;
import dev.strangler.migrator.ShadowStore;
import dev.strangler.proxy.breaker.UpstreamHealth;
import dev.strangler.proxy.ServerOptions;
import dev.strangler.proxy.forward.DataPlane;
import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.InFlightUsers;
import dev.strangler.proxy.forward.Planes;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.RequestTracing;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.RouteResolver;
import dev.strangler.proxy.forward.Tunnels;
import dev.strangler.proxy.forward.UpstreamSettings;
import dev.strangler.config.Percent;
import dev.strangler.rules.Upstream;
import dev.strangler.rules.UserState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shadow comparison through a real data plane to real upstreams: what is sent to the other side, what is compared
 * and how, and that the user's answer never waits for or shows the shadow.
 */
class ShadowingTest {

    private Vertx vertx;
    private Backend legacy;
    private Backend modern;
    private DataPlane proxy;
    private Shadowing shadowing;
    private RecordingStore store;
    private PrometheusMeterRegistry registry;
    private UpstreamHealth health = UpstreamHealth.healthy();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        legacy = new Backend(vertx);
        modern = new Backend(vertx);
        store = new RecordingStore();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @AfterEach
    void stop() {
        if (shadowing != null) {
            shadowing.close().await();
        }
        vertx.close().await();
    }

    private static CompareConfig compare(String route, boolean compareOnly, boolean noise, String... ignore) {
        return new CompareConfig(route, Percent.ALL, List.of("GET", "HEAD"),
                java.util.Arrays.stream(ignore).map(IgnoreRule::parse).toList(), List.of("content-type"),
                Duration.ofSeconds(1), compareOnly, noise);
    }

    private void startProxy(Route route, UserState state, int concurrency, CompareConfig... compares) {
        ProxySettings settings = ProxySettings.defaults(upstream(Upstream.LEGACY, legacy.port()),
                upstream(Upstream.MODERN, modern.port()));
        Map<String, CompareConfig> routes = new java.util.HashMap<>();
        for (CompareConfig compare : compares) {
            routes.put(compare.route(), compare);
        }
        ShadowConfig config = new ShadowConfig(concurrency, 10, 64 * 1024, Duration.ofDays(1), false, routes);
        io.vertx.core.http.HttpClient shadowClient = vertx.httpClientBuilder().with(new HttpClientOptions())
                .with(new PoolOptions().setHttp1MaxSize(concurrency)).build();
        shadowing = new Shadowing(vertx, config, shadowClient, (side, method, uri, headers, timeout) ->
                new RequestOptions().setMethod(method).setHost("127.0.0.1")
                        .setPort(settings.upstream(side).port()).setURI(uri).setHeaders(headers),
                store, key -> Future.succeededFuture(state), key -> "hashed:" + key, registry, Clock.systemUTC(),
                health);
        RouteResolver resolver = request -> Future.succeededFuture(route);
        proxy = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1), resolver,
                ExchangeRecorder.none(), RequestTracing.none(), new InFlightUsers(vertx), new Tunnels(), shadowing)
                .await();
    }

    private static UpstreamSettings upstream(Upstream upstream, int port) {
        return new UpstreamSettings(upstream, URI.create("http://127.0.0.1:" + port), 8, Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private double counted(String route, String result) {
        var counter = registry.find("strangler.shadow.comparisons").tag("route", route).tag("result", result)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void migratedUsersRequest_isSentToLegacyMarkedAsShadowAndADifferingFieldIsAMismatch() throws Exception {
        modern.answer("{\"customer\":{\"name\":\"Maria Anders\",\"city\":\"Berlin\"},\"generatedAt\":1}");
        legacy.answer("{\"customer\":{\"city\":\"Berlin\",\"name\":\"Maria Anderson\"},\"generatedAt\":2}");
        startProxy(new Route(Upstream.MODERN, "customer", "pilot", "ALFKI"), UserState.MIGRATED, 4,
                compare("customer", false, false, "$.generatedAt"));

        HttpResponse<String> answer = get("/api/customers/ALFKI?x=1");

        assertThat(answer.body()).contains("Maria Anders\"");
        await().until(() -> counted("customer", "mismatch") == 1);
        assertThat(legacy.received()).singleElement().satisfies(request -> {
            assertThat(request.uri()).isEqualTo("/api/customers/ALFKI?x=1");
            assertThat(request.headers().get("X-Strangler-Shadow")).isEqualTo("1");
        });
        assertThat(modern.received()).singleElement()
                .satisfies(request -> assertThat(request.headers().get("X-Strangler-Shadow")).isNull());
        shadowing.flush().await();
        ShadowStore.Mismatch mismatch = store.batches.get(0).mismatches().get(0);
        assertThat(mismatch.fields()).containsExactly("$.customer.name");
        assertThat(mismatch.userKey()).isEqualTo("hashed:ALFKI");
        assertThat(mismatch.primary()).contains("\"side\":\"modern\"").contains("Maria Anders\\\"");
        assertThat(mismatch.shadow()).contains("\"side\":\"legacy\"");
        assertThat(store.batches.get(0).counts()).isEqualTo(Map.of("customer", Map.of("mismatch", 1L)));
        assertThat(shadowing.matchRates().route("customer", Duration.ofMinutes(5)))
                .isEqualTo(new MatchRate(0, 1, 0, 0));
        assertThat(shadowing.matchRates().cohort("pilot", Duration.ofMinutes(5)).mismatches()).isEqualTo(1);
    }

    @Test
    void sameJsonInAnotherKeyOrderAndNumberForm_isAMatch() throws Exception {
        modern.answer("{\"a\":1.0,\"b\":[1,2],\"c\":null}");
        legacy.answer("{\"c\":null,\"b\":[1,2],\"a\":1}");
        startProxy(new Route(Upstream.MODERN, "r", "none", "u"), UserState.MIGRATED, 4, compare("r", false, false));

        get("/x");

        await().until(() -> counted("r", "match") == 1);
        assertThat(shadowing.matchRates().all(Duration.ofMinutes(1)).rate()).hasValue(1.0);
    }

    @Test
    void userNotMigrated_isNotCompared() throws Exception {
        modern.answer("{}");
        legacy.answer("{}");
        startProxy(new Route(Upstream.MODERN, "r", "none", "u"), UserState.PENDING, 4, compare("r", false, false));

        get("/x");

        await().until(() -> counted("r", "skipped") == 1);
        assertThat(legacy.received()).isEmpty();
    }

    @Test
    void ejectedOtherSide_getsNoShadowRequest() throws Exception {
        legacy.answer("{}");
        health = new UpstreamHealth() {
            @Override
            public boolean ejected(Upstream upstream) {
                return upstream == Upstream.MODERN;
            }

            @Override
            public String state(Upstream upstream) {
                return upstream == Upstream.MODERN ? "open" : "closed";
            }
        };
        startProxy(new Route(Upstream.LEGACY, "r", "none", null), UserState.PENDING, 4, compare("r", true, false));

        get("/x");

        await().until(() -> counted("r", "skipped") == 1);
        assertThat(modern.received()).isEmpty();
    }

    @Test
    void legacyServedRequestOnARouteThatIsNotCompareOnly_isNeverSampled() throws Exception {
        legacy.answer("{}");
        startProxy(new Route(Upstream.LEGACY, "r", "none", "u"), UserState.MIGRATED, 4, compare("r", false, false));

        get("/x");
        get("/x");

        assertThat(legacy.received()).hasSize(2);
        assertThat(modern.received()).isEmpty();
        assertThat(registry.find("strangler.shadow.comparisons").counters()).isEmpty();
    }

    @Test
    void unsafeMethod_isNeverShadowed() throws Exception {
        legacy.answer("{}");
        startProxy(new Route(Upstream.LEGACY, "r", "none", null), UserState.PENDING, 4, compare("r", true, false));

        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/x"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        get("/x");

        await().until(() -> counted("r", "match") + counted("r", "mismatch") == 1);
        assertThat(modern.received()).extracting(Received::method).containsExactly("GET");
    }

    @Test
    void shadowSideThatNeverAnswers_doesNotDelayTheUserAndEndsAsAnError() throws Exception {
        legacy.answer("{\"ok\":true}");
        modern.hang();
        startProxy(new Route(Upstream.LEGACY, "catalogue", "none", null), UserState.PENDING, 4,
                compare("catalogue", true, false));

        HttpResponse<String> answer = get("/products");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"ok\":true}");
        assertThat(counted("catalogue", "error")).isZero();
        await().until(() -> counted("catalogue", "error") == 1);
    }

    @Test
    void allShadowSlotsBusy_skipsInsteadOfQueueing() throws Exception {
        legacy.answer("{}");
        modern.hang();
        startProxy(new Route(Upstream.LEGACY, "catalogue", "none", null), UserState.PENDING, 1,
                new CompareConfig("catalogue", Percent.ALL, List.of("GET"), List.of(), List.of(),
                        Duration.ofSeconds(30), true, false));

        get("/first");
        await().until(() -> modern.received().size() == 1);
        get("/second");

        await().until(() -> counted("catalogue", "skipped") == 1);
        assertThat(modern.received()).hasSize(1);
    }

    @Test
    void fieldThatDiffersBetweenTwoLegacyAnswers_isNoiseNotAMismatch() throws Exception {
        AtomicInteger nonce = new AtomicInteger();
        legacy.answerWith(() -> "{\"nonce\":" + nonce.incrementAndGet() + ",\"name\":\"Ana\"}");
        modern.answer("{\"nonce\":0,\"name\":\"Ana\"}");
        startProxy(new Route(Upstream.MODERN, "r", "none", "u"), UserState.MIGRATED, 4, compare("r", false, true));

        get("/x");

        await().until(() -> counted("r", "match") == 1);
        assertThat(legacy.received()).hasSize(2);
        shadowing.flush().await();
        assertThat(store.batches.get(0).fields().get("r"))
                .containsExactly(new ShadowStore.FieldCount("$.nonce", true, 1));
    }

    @Test
    void withoutNoiseCalibration_theSameFieldIsAMismatch() throws Exception {
        AtomicInteger nonce = new AtomicInteger();
        legacy.answerWith(() -> "{\"nonce\":" + nonce.incrementAndGet() + ",\"name\":\"Ana\"}");
        modern.answer("{\"nonce\":0,\"name\":\"Ana\"}");
        startProxy(new Route(Upstream.MODERN, "r", "none", "u"), UserState.MIGRATED, 4, compare("r", false, false));

        get("/x");

        await().until(() -> counted("r", "mismatch") == 1);
    }

    @Test
    void statusAndComparedHeader_areFieldsToo() throws Exception {
        legacy.answer(200, "text/plain", "hello   world\r\n");
        modern.answer(404, "text/html", "hello world\n");
        startProxy(new Route(Upstream.LEGACY, "r", "none", null), UserState.PENDING, 4, compare("r", true, false));

        get("/x");

        await().until(() -> counted("r", "mismatch") == 1);
        shadowing.flush().await();
        assertThat(store.batches.get(0).mismatches().get(0).fields()).containsExactly("status",
                "header:content-type");
    }

    /** A request an upstream received. */
    record Received(String method, String uri, MultiMap headers) {
    }

    /** An upstream whose answer each test sets, recording what it received. */
    static final class Backend {
        private final HttpServer server;
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private volatile Handler<HttpServerRequest> handler = request -> request.response().end("{}");

        Backend(Vertx vertx) {
            server = vertx.createHttpServer().requestHandler(request -> {
                received.add(new Received(request.method().name(), request.uri(),
                        MultiMap.caseInsensitiveMultiMap().addAll(request.headers())));
                handler.handle(request);
            }).listen(0).await();
        }

        int port() {
            return server.actualPort();
        }

        List<Received> received() {
            return received;
        }

        void answer(String json) {
            answer(200, "application/json", json);
        }

        void answer(int status, String type, String body) {
            handler = request -> request.response().setStatusCode(status).putHeader("Content-Type", type)
                    .end(body);
        }

        void answerWith(java.util.function.Supplier<String> json) {
            handler = request -> request.response().putHeader("Content-Type", "application/json").end(json.get());
        }

        void hang() {
            handler = request -> { };
        }
    }

    /** Keeps every batch written. */
    static final class RecordingStore implements ShadowStore {
        final List<Batch> batches = new CopyOnWriteArrayList<>();

        @Override
        public Future<Void> record(Batch batch, int keep, Instant olderThan) {
            batches.add(batch);
            return Future.succeededFuture();
        }

        @Override
        public Future<List<RouteReport>> report(Instant since, int topFields, int mismatches) {
            return Future.succeededFuture(List.of());
        }
    }
}
