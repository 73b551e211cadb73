package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.forward.ClientLimits;
import dev.strangler.proxy.forward.DataPlane;
import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.Planes;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.RouteResolver;
import dev.strangler.proxy.forward.UpstreamSettings;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A stopping data plane lets requests in flight finish and accepts no new connection. */
class GracefulShutdownTest {

    private Vertx vertx;
    private DataPlane proxy;
    private EchoBackend app;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        app = new EchoBackend("legacy").start(vertx).await();
        UpstreamSettings upstream = UpstreamSettings.of(Upstream.LEGACY, URI.create("http://127.0.0.1:" + app.port()));
        ProxySettings settings = ProxySettings.defaults(upstream, upstream).withLimits(ClientLimits.DEFAULTS);
        proxy = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                RouteResolver.fixed(Route.to(Upstream.LEGACY)), ExchangeRecorder.none()).await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void requestInFlight_finishesWhileTheProxyDrains() throws Exception {
        URI slow = URI.create("http://127.0.0.1:" + proxy.port() + "/delay?ms=1500");
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(slow).build(),
                HttpResponse.BodyHandlers.ofString());
        awaitRequestAtTheBackend();

        Future<Void> stopped = proxy.shutdown(Duration.ofSeconds(5));

        assertThat(inFlight.get().statusCode()).isEqualTo(200);
        assertThat(inFlight.get().body()).startsWith("served-by: legacy\n");
        stopped.await();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(slow).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }

    /**
     * Waits until the request is really in flight: forwarded and being answered. An accepted connection whose
     * request has not been read yet is idle, and a draining server rightly closes idle connections (regression:
     * waiting only for the connection made this test fail under load).
     */
    private void awaitRequestAtTheBackend() {
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> app.requests() >= 1);
        assertThat(app.requests()).as("requests that reached the backend").isEqualTo(1);
    }
}
