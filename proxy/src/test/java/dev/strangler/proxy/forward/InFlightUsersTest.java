package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ServerOptions;
import dev.strangler.rules.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, window 3 (a): the forwarding path counts each user's requests in flight per upstream, which the
 * migrator waits on before reading legacy. A legacy backend holds each request until the test answers it.
 */
class InFlightUsersTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private Vertx vertx;
    private InFlightUsers inFlight;
    private DataPlane proxy;
    private CompletableFuture<Void> arrived;
    private CompletableFuture<Void> upstreamGone;
    private Promise<Void> answer;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        arrived = new CompletableFuture<>();
        answer = Promise.promise();
        upstreamGone = new CompletableFuture<>();
        HttpServer legacy = vertx.createHttpServer().requestHandler(request -> {
            request.connection().closeHandler(closed -> upstreamGone.complete(null));
            arrived.complete(null);
            answer.future().onComplete(go -> request.response().end("late"));
        }).listen(0).await();
        inFlight = new InFlightUsers(vertx);
        RouteResolver alfki = head -> Future.succeededFuture(new Route(Upstream.LEGACY, "orders", "none", "ALFKI"));
        ProxySettings settings = Upstreams.at(legacy.actualPort(), legacy.actualPort());
        proxy = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1), alfki,
                ExchangeRecorder.none(), RequestTracing.none(), inFlight).await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void legacyRequest_isCountedUntilItsResponseEnds() throws Exception {
        CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient().sendAsync(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/orders")).build(),
                HttpResponse.BodyHandlers.ofString());
        arrived.get(30, TimeUnit.SECONDS);

        Future<Boolean> drained = inFlight.drained("ALFKI", Upstream.LEGACY, LONG);
        assertThat(inFlight.count("ALFKI", Upstream.LEGACY)).isEqualTo(1);
        assertThat(drained.isComplete()).isFalse();
        assertThat(inFlight.drained("ANATR", Upstream.LEGACY, LONG).await()).isTrue();
        assertThat(inFlight.drained("ALFKI", Upstream.MODERN, LONG).await()).isTrue();
        answer.complete();

        assertThat(response.get(30, TimeUnit.SECONDS).body()).isEqualTo("late");
        assertThat(drained.await()).isTrue();
        assertThat(inFlight.count("ALFKI", Upstream.LEGACY)).isZero();
    }

    @Test
    void requestStillInFlightAfterTheBound_isNotDrained() throws Exception {
        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port()
                + "/orders")).build(), HttpResponse.BodyHandlers.ofString());
        arrived.get(30, TimeUnit.SECONDS);

        assertThat(inFlight.drained("ALFKI", Upstream.LEGACY, Duration.ofMillis(50)).await()).isFalse();
    }

    @Test
    void aClientGoneBeforeTheAnswer_doesNotEndTheCountWhileLegacyMayStillBeWriting() throws Exception {
        NetSocket socket = vertx.createNetClient().connect(proxy.port(), "127.0.0.1").await();
        socket.write("GET /orders HTTP/1.1\r\nHost: shop.example\r\n\r\n").await();
        arrived.get(30, TimeUnit.SECONDS);
        Future<Boolean> drained = inFlight.drained("ALFKI", Upstream.LEGACY, LONG);

        socket.close().await();
        upstreamGone.get(30, TimeUnit.SECONDS);

        assertThat(inFlight.count("ALFKI", Upstream.LEGACY)).as("counted for the upstream timeout after the reset")
                .isEqualTo(1);
        assertThat(drained.await()).as("and no longer").isTrue();
        assertThat(inFlight.count("ALFKI", Upstream.LEGACY)).isZero();
    }

    @Test
    void aRequestAnswered504_staysCountedForTheUpstreamTimeout() throws Exception {
        HttpResponse<String> timedOut = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + proxy.port() + "/orders")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(timedOut.statusCode()).isEqualTo(504);
        assertThat(inFlight.count("ALFKI", Upstream.LEGACY)).as("legacy may still be executing it").isEqualTo(1);
        assertThat(inFlight.drained("ALFKI", Upstream.LEGACY, LONG).await()).isTrue();
    }

    @Test
    void aBarrier_waitsForTheUsersRequestsCountedBeforeItsEpoch_notForLaterOnes() {
        Runnable before = inFlight.enter("BONAP", Upstream.LEGACY, () -> true);
        long epoch = inFlight.nextEpoch();
        Runnable after = inFlight.enter("BONAP", Upstream.MODERN, () -> true);

        Future<Boolean> drained = inFlight.enteredBefore(java.util.List.of("BONAP"), epoch, LONG);
        assertThat(drained.isComplete()).as("the request counted before is still running").isFalse();
        before.run();

        assertThat(drained.await()).isTrue();
        assertThat(inFlight.count("BONAP", Upstream.MODERN)).as("the later one is not waited for").isEqualTo(1);
        after.run();
    }

    @Test
    void aRequestDecidedOnWhatIsNoLongerCurrent_isNotCounted() {
        assertThat(inFlight.enter("BONAP", Upstream.LEGACY, () -> false)).isNull();

        assertThat(inFlight.count("BONAP", Upstream.LEGACY)).isZero();
        assertThat(inFlight.enteredBefore(null, inFlight.nextEpoch(), LONG).await()).isTrue();
    }
}
