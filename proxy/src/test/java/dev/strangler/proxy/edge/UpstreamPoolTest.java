package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ServerOptions;
import dev.strangler.proxy.forward.DataPlane;
import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.RouteResolver;
import dev.strangler.proxy.forward.UpstreamSettings;
import dev.strangler.rules.Upstream;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The Netty plane's upstream connections: at most poolSize per event loop; requests beyond wait their turn (one
 * event loop here, so one pool).
 */
class UpstreamPoolTest {

    @Test
    void requestsBeyondThePoolSize_waitForAConnection_insteadOfOpeningMore() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            AtomicInteger connections = new AtomicInteger();
            HttpServer upstream = vertx.createHttpServer()
                    .connectionHandler(connection -> connections.incrementAndGet())
                    .requestHandler(request -> vertx.setTimer(50, fired -> request.response().end("ok")))
                    .listen(0, "127.0.0.1").await();
            URI origin = URI.create("http://127.0.0.1:" + upstream.actualPort());
            UpstreamSettings one = new UpstreamSettings(Upstream.LEGACY, origin, 1, Duration.ofSeconds(2),
                    Duration.ofSeconds(5));
            ProxySettings settings = ProxySettings.defaults(one, UpstreamSettings.of(Upstream.MODERN, origin));
            DataPlane proxy = EdgePlane.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                    RouteResolver.fixed(Route.to(Upstream.LEGACY)), ExchangeRecorder.none()).await();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI page = URI.create("http://127.0.0.1:" + proxy.port() + "/");

            List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 6)
                    .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(page).build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .toList();

            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
            }
            assertThat(connections.get()).as("upstream connections opened").isEqualTo(1);
        } finally {
            vertx.close().await();
        }
    }
}
