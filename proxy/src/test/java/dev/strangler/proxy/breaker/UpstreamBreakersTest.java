package dev.strangler.proxy.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.EjectionConfig;
import dev.strangler.proxy.ServerOptions;
import dev.strangler.proxy.forward.DataPlane;
import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.Planes;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.RouteResolver;
import dev.strangler.proxy.forward.UpstreamSettings;
import dev.strangler.rules.Upstream;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outlier ejection through a real data plane, on a clock the test moves. */
class UpstreamBreakersTest {

    private Vertx vertx;
    private HttpServer modern;
    private HttpServer legacy;
    private final AtomicInteger modernStatus = new AtomicInteger(500);
    private final AtomicInteger modernRequests = new AtomicInteger();
    private final AtomicInteger legacyRequests = new AtomicInteger();
    private final TestClock clock = new TestClock();
    private PrometheusMeterRegistry registry;
    private UpstreamBreakers breakers;
    private DataPlane proxy;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        modern = vertx.createHttpServer().requestHandler(request -> {
            modernRequests.incrementAndGet();
            request.response().setStatusCode(modernStatus.get()).end("modern");
        }).listen(0).await();
        legacy = vertx.createHttpServer().requestHandler(request -> {
            legacyRequests.incrementAndGet();
            request.response().end("legacy");
        }).listen(0).await();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private void startProxy(EjectionConfig modernEjection, int modernPort) {
        startProxy(null, modernEjection, modernPort);
    }

    private void startProxy(EjectionConfig legacyEjection, EjectionConfig modernEjection, int modernPort) {
        breakers = new UpstreamBreakers(legacyEjection, modernEjection, registry, clock);
        ProxySettings settings = ProxySettings.defaults(upstream(Upstream.LEGACY, legacy.actualPort()),
                upstream(Upstream.MODERN, modernPort));
        RouteResolver toModern = request -> Future.succeededFuture(
                new Route(request.path().startsWith("/legacy") ? Upstream.LEGACY : Upstream.MODERN, "r", "none"));
        proxy = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                new EjectingResolver(toModern, breakers), breakers.recording(ExchangeRecorder.none())).await();
    }

    private static UpstreamSettings upstream(Upstream upstream, int port) {
        return new UpstreamSettings(upstream, URI.create("http://127.0.0.1:" + port), 8, Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request's outcome is recorded once its response has been sent, which the client may see first. */
    private void awaitModern(String state) {
        await().until(() -> breakers.state(Upstream.MODERN).equals(state));
    }

    private static EjectionConfig ejection(int consecutive, int successRate, int window) {
        return new EjectionConfig(consecutive, successRate, window, Duration.ofSeconds(10), Duration.ofSeconds(40),
                1);
    }

    @Test
    void consecutiveFailures_ejectTheUpstream_whoseRequestsGetA503WithRetryAfterAndNeverTheOtherSide()
            throws Exception {
        startProxy(ejection(3, 0, 0), modern.actualPort());

        for (int i = 0; i < 3; i++) {
            assertThat(get("/x").statusCode()).isEqualTo(500);
        }
        awaitModern("open");
        HttpResponse<String> refused = get("/x");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(modernRequests).hasValue(3);
        assertThat(legacyRequests).hasValue(0);
        assertThat(breakers.ejected(Upstream.MODERN)).isTrue();
        assertThat(breakers.admitsMigrations()).isFalse();
        assertThat(breakers.ejected(Upstream.LEGACY)).isFalse();
        assertThat(get("/legacy").statusCode()).isEqualTo(200);
        assertThat(registry.get("strangler.upstream.ejected").tag("upstream", "modern").gauge().value()).isEqualTo(1);
        assertThat(registry.get("strangler.breaker.state").tag("upstream", "modern").tag("state", "open").gauge()
                .value()).isEqualTo(1);
        assertThat(registry.get("strangler.breaker.transitions").tag("from", "closed").tag("to", "open").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("strangler.breaker.rejected").tag("upstream", "modern").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aSuccessBetweenFailures_resetsTheCount() throws Exception {
        startProxy(ejection(3, 0, 0), modern.actualPort());

        get("/x");
        get("/x");
        modernStatus.set(200);
        get("/x");
        await().until(() -> modernRequests.get() == 3 && breakers.state(Upstream.MODERN).equals("closed"));
        modernStatus.set(500);
        get("/x");
        get("/x");

        assertThat(get("/x").statusCode()).isEqualTo(500);
        awaitModern("open");
        assertThat(modernRequests).hasValue(6);
    }

    @Test
    void afterTheInterval_aSuccessfulProbeBringsItBack_andAFailedOneDoublesTheInterval() throws Exception {
        startProxy(ejection(2, 0, 0), modern.actualPort());
        get("/x");
        get("/x");
        awaitModern("open");
        assertThat(get("/x").statusCode()).isEqualTo(503);

        clock.advance(Duration.ofSeconds(10).plusMillis(1));
        assertThat(breakers.admitsMigrations()).isTrue();
        assertThat(get("/x").statusCode()).isEqualTo(500);
        awaitModern("open");
        HttpResponse<String> again = get("/x");
        assertThat(again.statusCode()).isEqualTo(503);
        assertThat(again.headers().firstValue("Retry-After")).hasValue("20");
        assertThat(modernRequests).hasValue(3);

        clock.advance(Duration.ofSeconds(20).plusMillis(1));
        modernStatus.set(200);
        assertThat(get("/x").statusCode()).isEqualTo(200);
        awaitModern("closed");
        assertThat(breakers.toJson().getJsonArray("transitions")).extracting(t -> ((io.vertx.core.json.JsonObject) t)
                .getString("to")).containsExactly("closed", "half_open", "open", "half_open", "open");
    }

    @Test
    void connectionFailures_countAsFailures() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        startProxy(ejection(2, 0, 0), closedPort);

        assertThat(get("/x").statusCode()).isEqualTo(502);
        assertThat(get("/x").statusCode()).isEqualTo(502);
        awaitModern("open");

        assertThat(get("/x").statusCode()).isEqualTo(503);
    }

    @Test
    void successRateBelowTheThreshold_ejectsWithoutFailuresInARow() throws Exception {
        startProxy(ejection(100, 60, 10), modern.actualPort());

        for (int i = 0; i < 10; i++) {
            modernStatus.set(i % 2 == 0 ? 500 : 200);
            get("/x");
        }
        awaitModern("open");

        assertThat(get("/x").statusCode()).isEqualTo(503);
    }

    @Test
    void withASuccessRate_failuresInARowStillEject() throws Exception {
        startProxy(ejection(3, 50, 100), modern.actualPort());

        get("/x");
        get("/x");
        get("/x");
        awaitModern("open");

        assertThat(get("/x").statusCode()).isEqualTo(503);
    }

    @Test
    void ejectedLegacy_answersLegacyBoundRequests503_whileModernServes() throws Exception {
        legacy.close().await();
        legacy = vertx.createHttpServer().requestHandler(request -> {
            legacyRequests.incrementAndGet();
            request.response().setStatusCode(503).end("legacy down");
        }).listen(0).await();
        modernStatus.set(200);
        startProxy(ejection(2, 0, 0), ejection(2, 0, 0), modern.actualPort());

        assertThat(get("/legacy/a").statusCode()).isEqualTo(503);
        assertThat(get("/legacy/b").statusCode()).isEqualTo(503);
        await().until(() -> breakers.ejected(Upstream.LEGACY));
        HttpResponse<String> refused = get("/legacy/c");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(refused.body()).doesNotContain("legacy down");
        assertThat(legacyRequests).hasValue(2);
        assertThat(get("/x").statusCode()).isEqualTo(200);
        assertThat(breakers.admitsMigrations()).isTrue();
    }

    @Test
    void withoutEjection_nothingIsEverRefused() throws Exception {
        startProxy(null, modern.actualPort());

        for (int i = 0; i < 10; i++) {
            assertThat(get("/x").statusCode()).isEqualTo(500);
        }
        assertThat(breakers.toJson().getJsonObject("upstreams").getJsonObject("modern").getString("ejection"))
                .isEqualTo("off");
    }

    /** A clock only the test moves. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-30T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
