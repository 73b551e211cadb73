package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ServerOptions;
import dev.strangler.rules.Upstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebSocket tunnels and the listener's connection slots (issue 13.6): after the upgrade, Vert.x no longer calls the
 * connection's close handler, so every tunnel used to keep its slot and, after {@code maxConnections} tunnels,
 * every new connection was refused. With a cap of 20, 10,000 tunnels opened and closed must all be answered 101
 * and leave no slot taken.
 */
class WebSocketTunnelTest {

    private static final int CYCLES = 10_000;
    private static final int CLIENTS = 4;
    private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private static Vertx vertx;
    private static HttpServer upstream;
    private static DataPlane proxy;

    private static final AtomicInteger upstreamClosed = new AtomicInteger();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        upstream = vertx.createHttpServer().webSocketHandler(socket -> {
            socket.handler(socket::write);
            socket.closeHandler(closed -> upstreamClosed.incrementAndGet());
        }).listen(0, "127.0.0.1").await();
        ProxySettings settings = Upstreams.at(upstream.actualPort(), upstream.actualPort())
                .withLimits(new ClientLimits(20, 4096, 8192, Duration.ofSeconds(10), Duration.ofSeconds(30), 0));
        proxy = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                RouteResolver.fixed(Route.to(Upstream.LEGACY)), ExchangeRecorder.none()).await();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    @Test
    void tenThousandTunnelsOpenedAndClosed_leaveNoConnectionSlotTaken() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> upgraded = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                upgraded.add(clients.submit(() -> {
                    int count = 0;
                    for (int cycle = 0; cycle < CYCLES / CLIENTS; cycle++) {
                        if (openAndClose()) {
                            count++;
                        }
                    }
                    return count;
                }));
            }
            int total = 0;
            for (Future<Integer> done : upgraded) {
                total += done.get();
            }

            assertThat(total).isEqualTo(CYCLES);
        } finally {
            clients.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> proxy.openConnections() == 0);
    }

    @Test
    void silentTunnel_isClosedOnBothSidesAfterTheIdleTimeout() throws Exception {
        ProxySettings settings = Upstreams.at(upstream.actualPort(), upstream.actualPort())
                .withLimits(new ClientLimits(20, 4096, 8192, Duration.ofSeconds(10), Duration.ofSeconds(1), 0));
        DataPlane idling = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                RouteResolver.fixed(Route.to(Upstream.LEGACY)), ExchangeRecorder.none()).await();
        int closedBefore = upstreamClosed.get();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), idling.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 101 ");

            assertThat(socket.getInputStream().read()).as("the proxy closes the silent tunnel").isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> upstreamClosed.get() > closedBefore);
        await().atMost(Duration.ofSeconds(10)).until(() -> idling.openConnections() == 0);
        idling.shutdown(Duration.ZERO).await();
    }

    @Test
    void aTunnelToLegacy_countsAmongItsUsersRequestsInFlightUntilItCloses() throws Exception {
        InFlightUsers inFlight = new InFlightUsers(vertx);
        ProxySettings settings = Upstreams.at(upstream.actualPort(), upstream.actualPort());
        DataPlane counting = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                head -> io.vertx.core.Future.succeededFuture(new Route(Upstream.LEGACY, "orders", "none", "ALFKI")),
                ExchangeRecorder.none(), RequestTracing.none(), inFlight).await();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), counting.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 101 ");

            await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.count("ALFKI", Upstream.LEGACY) == 1);
            assertThat(inFlight.drained("ALFKI", Upstream.LEGACY, Duration.ofMillis(50)).await())
                    .as("a barrier waits for the open tunnel").isFalse();
        }
        assertThat(inFlight.drained("ALFKI", Upstream.LEGACY, Duration.ofSeconds(10)).await())
                .as("until it closed").isTrue();
        counting.shutdown(Duration.ZERO).await();
    }

    /** One tunnel: the upgrade, its 101, and a close from the client's side. */
    private static boolean openAndClose() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.setSoTimeout(10_000);
            socket.setSoLinger(true, 0);
            socket.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.US_ASCII));
            return readHead(socket.getInputStream()).startsWith("HTTP/1.1 101 ");
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                break;
            }
        }
        return head.toString();
    }
}
