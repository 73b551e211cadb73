package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.proxy.ServerOptions;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests through a real proxy to real upstreams: routing hand-off, header hygiene, bodies, failures, WebSockets. */
class ForwardingTest {

    private static final RouteResolver BY_TEST_HEADER = request -> Future.succeededFuture(
            "modern".equals(request.header("X-Test-Route")) ? Route.to(Upstream.MODERN) : Route.to(Upstream.LEGACY));

    private static Vertx vertx;
    private static EchoBackend legacy;
    private static EchoBackend modern;
    private static DataPlane proxy;
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        legacy = new EchoBackend("legacy").start(vertx).await();
        modern = new EchoBackend("modern").start(vertx).await();
        proxy = start(Upstreams.at(legacy.port(), modern.port()), BY_TEST_HEADER);
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    private static DataPlane start(ProxySettings settings, RouteResolver resolver) {
        return Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1), resolver,
                ExchangeRecorder.none()).await();
    }

    @Test
    void request_goesToTheUpstreamTheResolverChose() throws Exception {
        HttpResponse<String> toModern = client.send(HttpRequest.newBuilder(uri(proxy, "/page?q=1"))
                .header("X-Test-Route", "modern").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> toLegacy = client.send(HttpRequest.newBuilder(uri(proxy, "/page")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(toModern.statusCode()).isEqualTo(200);
        assertThat(toModern.body()).startsWith("served-by: modern\nGET /page?q=1\n");
        assertThat(toLegacy.body()).startsWith("served-by: legacy\nGET /page\n");
    }

    @Test
    void resolverThatFailsOrThrows_answers503WithRetryAfter_neverLegacy() throws Exception {
        DataPlane failing = start(Upstreams.at(legacy.port(), modern.port()),
                request -> Future.failedFuture(new IllegalStateException("a bug in the resolver")));
        DataPlane throwing = start(Upstreams.at(legacy.port(), modern.port()), request -> {
            throw new IllegalStateException("a bug in the resolver");
        });

        for (DataPlane plane : List.of(failing, throwing)) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(plane, "/page")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.body()).doesNotContain("served-by");
            plane.shutdown(Duration.ZERO).await();
        }
    }

    @Test
    void hopByHopAndInternalHeaders_areRemovedInBothDirections() throws Exception {
        String response = RawClient.exchange(proxy.port(), "GET /h HTTP/1.1\r\nHost: shop.example\r\n"
                + "Connection: close, X-Client-Secret\r\nX-Client-Secret: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\nProxy-Connection: keep-alive\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAAQAAP__\r\nX-Strangler-Route: modern\r\nX-Kept: yes\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(body).startsWith("served-by: legacy\n").contains("x-kept: yes\n", "host: shop.example\n");
        assertThat(body.toLowerCase()).doesNotContain("x-client-secret", "keep-alive", "te:", "proxy-authorization",
                "proxy-connection", "upgrade", "http2-settings", "x-strangler");
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).contains("x-served-by: legacy").doesNotContain("x-backend-secret", "keep-alive",
                "x-strangler");
    }

    @Test
    void clientForwardingHeaders_areReplacedWhenThePeerIsNotTrusted() throws Exception {
        String response = RawClient.exchange(proxy.port(), "GET / HTTP/1.1\r\nHost: shop.example\r\n"
                + "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Host: evil\r\nX-Forwarded-Proto: https\r\n"
                + "Forwarded: for=6.6.6.6\r\nConnection: close\r\n\r\n");

        assertThat(response).contains("x-forwarded-for: 127.0.0.1\n", "x-forwarded-proto: http\n",
                "x-forwarded-host: shop.example\n", "forwarded: for=127.0.0.1;proto=http;host=\"shop.example\"\n");
        assertThat(response).doesNotContain("6.6.6.6", "evil");
    }

    @Test
    void clientForwardingHeaders_areExtendedWhenThePeerIsTrusted() throws Exception {
        ProxySettings trusting = Upstreams.at(legacy.port(), modern.port())
                .withHeaders(TrustedProxies.of(List.of("127.0.0.0/8")), ProxySettings.HostHeader.PRESERVE, false);
        DataPlane behindBalancer = start(trusting, BY_TEST_HEADER);

        String response = RawClient.exchange(behindBalancer.port(), "GET / HTTP/1.1\r\nHost: shop.example\r\n"
                + "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\nForwarded: for=203.0.113.9\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(response).contains("x-forwarded-for: 203.0.113.9, 127.0.0.1\n", "x-forwarded-proto: https\n",
                "forwarded: for=203.0.113.9, for=127.0.0.1;proto=http;host=\"shop.example\"\n");
        behindBalancer.shutdown(Duration.ZERO).await();
    }

    @Test
    void hostHeader_isRewrittenToTheUpstreamWhenConfigured() throws Exception {
        ProxySettings rewriting = Upstreams.at(legacy.port(), modern.port())
                .withHeaders(TrustedProxies.none(), ProxySettings.HostHeader.REWRITE, true);
        DataPlane rewriter = start(rewriting, BY_TEST_HEADER);

        String response = RawClient.exchange(rewriter.port(),
                "GET http://shop.example/abs?x=1 HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n");

        assertThat(response).contains("GET /abs?x=1\n", "host: 127.0.0.1:" + legacy.port() + "\n");
        assertThat(response.toLowerCase()).contains("x-strangler-upstream: legacy", "x-strangler-rule: default");
        rewriter.shutdown(Duration.ZERO).await();
    }

    @Test
    void body_streamsToTheUpstreamAndBack() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(body);

        HttpResponse<byte[]> fixed = client.send(HttpRequest.newBuilder(uri(proxy, "/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> chunked = client.send(HttpRequest.newBuilder(uri(proxy, "/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(fixed.statusCode()).isEqualTo(200);
        assertThat(fixed.body()).isEqualTo(body);
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo(body);
    }

    @Test
    void refusedUpstream_gives502WithAShortBody() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DataPlane toNowhere = start(Upstreams.at(closedPort, closedPort), BY_TEST_HEADER);

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(toNowhere, "/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("Bad Gateway\n");
        toNowhere.shutdown(Duration.ZERO).await();
    }

    @Test
    void silentUpstream_gives504() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(proxy, "/slow")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).isEqualTo("Gateway Timeout\n");
    }

    @Test
    void upstreamDyingMidBody_givesTheClientATruncatedResponseNeverACompleteOne() throws Exception {
        try (RawRecorder dies = new RawRecorder(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", true)) {
            DataPlane plane = start(Upstreams.at(dies.port(), dies.port()), BY_TEST_HEADER);

            String response = RawClient.exchange(plane.port(), "GET / HTTP/1.1\r\nHost: a\r\n\r\n");

            assertThat(response).startsWith("HTTP/1.1 200").contains("hello").doesNotContain("\r\n0\r\n\r\n");
            plane.shutdown(Duration.ZERO).await();
        }
    }

    @Test
    void idempotentRequest_isRetriedOnceOnAFreshConnection() throws Exception {
        try (RawRecorder dropsFirst = new RawRecorder(1)) {
            DataPlane retrying = start(Upstreams.at(dropsFirst.port(), dropsFirst.port()), BY_TEST_HEADER);

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(retrying, "/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(dropsFirst.connections()).isEqualTo(2);
            retrying.shutdown(Duration.ZERO).await();
        }
    }

    @Test
    void requestWithABody_isNeverRetried() throws Exception {
        try (RawRecorder dropsFirst = new RawRecorder(1)) {
            DataPlane retrying = start(Upstreams.at(dropsFirst.port(), dropsFirst.port()), BY_TEST_HEADER);

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(retrying, "/"))
                    .POST(HttpRequest.BodyPublishers.ofString("order=1")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(dropsFirst.connections()).isEqualTo(1);
            retrying.shutdown(Duration.ZERO).await();
        }
    }

    @Test
    void webSocket_isRelayedToTheChosenUpstream() throws Exception {
        java.util.concurrent.CompletableFuture<String> echoed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket socket = client.newWebSocketBuilder()
                .header("X-Test-Route", "modern")
                .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket,
                                                                          CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        return null;
                    }
                }).get(5, java.util.concurrent.TimeUnit.SECONDS);

        socket.sendText("hello through the proxy", true);

        assertThat(echoed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("hello through the proxy");
        socket.sendClose(1000, "done");
    }

    @Test
    void webSocketToAnUnreachableUpstream_gives502() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DataPlane toNowhere = start(Upstreams.at(closedPort, closedPort), BY_TEST_HEADER);

        java.util.concurrent.CompletableFuture<java.net.http.WebSocket> socket = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + toNowhere.port() + "/ws"),
                        new java.net.http.WebSocket.Listener() { });

        assertThatThrownBy(() -> socket.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class)
                .satisfies(failure -> assertThat(((java.net.http.WebSocketHandshakeException) failure.getCause())
                        .getResponse().statusCode()).isEqualTo(502));
        toNowhere.shutdown(Duration.ZERO).await();
    }

    private static URI uri(DataPlane plane, String path) {
        return URI.create("http://127.0.0.1:" + plane.port() + path);
    }
}
