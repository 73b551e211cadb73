package dev.strangler.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.proxy.StranglerServer;
import dev.strangler.proxy.metrics.EventLog;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The event loops run on Netty's native transport where the machine allows it, and a fallback to NIO is logged
 * with its reason, never silent.
 */
class TransportChoiceTest {

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final EventLog log = new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC), false);

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void onLinuxX86_64_theServerRunsOnANativeTransport_andSaysWhich() {
        TransportChoice choice = TransportChoice.fromEnvironment(Map.of());
        Vertx vertx = StranglerServer.createVertx(choice, log);
        try {
            assertThat(choice.name()).isIn("epoll", "io_uring");
            assertThat(vertx.isNativeTransportEnabled()).isTrue();
            assertThat(((VertxInternal) vertx).transport().getClass().getSimpleName())
                    .isEqualTo(choice.name().equals("epoll") ? "EpollTransport" : "IoUringTransport");
            assertThat(servedBody(vertx)).isEqualTo("hello");
            JsonObject line = onlyLine();
            assertThat(line.getString("event")).isEqualTo("transport");
            assertThat(line.getString("transport")).isEqualTo(choice.name());
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void anUnavailableTransport_fallsBackToNio_andTheFallbackIsLogged() {
        TransportChoice choice = TransportChoice.choose(List.of("kqueue"));
        Vertx vertx = StranglerServer.createVertx(choice, log);
        try {
            assertThat(vertx.isNativeTransportEnabled()).isFalse();
            assertThat(servedBody(vertx)).isEqualTo("hello");
            JsonObject line = onlyLine();
            assertThat(line.getString("event")).isEqualTo("transport");
            assertThat(line.getString("transport")).isEqualTo("nio");
            assertThat(line.getBoolean("fallback")).isTrue();
            assertThat(line.getJsonObject("unavailable").getString("kqueue")).isNotBlank();
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void nioAskedFor_isNotAFallback() {
        TransportChoice choice = TransportChoice.fromEnvironment(Map.of(TransportChoice.VARIABLE, " NIO "));

        choice.log(log);

        assertThat(choice.name()).isEqualTo("nio");
        assertThat(onlyLine().getBoolean("fallback")).isFalse();
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void theVariable_ordersThePreference() {
        TransportChoice choice = TransportChoice.fromEnvironment(Map.of(TransportChoice.VARIABLE, "kqueue,epoll"));

        assertThat(choice.name()).isEqualTo("epoll");
        assertThat(choice.unavailable()).containsOnlyKeys("kqueue");
    }

    @Test
    void anUnknownName_isRejectedNamingTheVariable() {
        assertThatThrownBy(() -> TransportChoice.fromEnvironment(Map.of(TransportChoice.VARIABLE, "epoll,dpdk")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("STRANGLER_TRANSPORT: dpdk (expected: a comma-separated list of epoll, io_uring, kqueue, "
                        + "nio)");
    }

    private JsonObject onlyLine() {
        String[] lines = logged.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        return new JsonObject(lines[0]);
    }

    private static String servedBody(Vertx vertx) {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> request.response().end("hello"))
                .listen(0, "127.0.0.1").await();
        try {
            return vertx.createHttpClient()
                    .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
                    .compose(request -> request.send().compose(HttpClientResponse::body))
                    .map(Buffer::toString)
                    .await();
        } finally {
            server.close().await();
        }
    }
}
