package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ServerOptions;
import dev.strangler.rules.Upstream;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener's own limits: slow heads, too many connections, bodies over the configured size. Every test has its
 * own proxy and recording upstream: with one shared recorder, the start of a chunked body that a previous test had
 * sent arrived late and was counted against the next test ({@code expected: 0 but was: 783} on a busy machine).
 */
class ConnectionLimitsTest {

    private Vertx vertx;
    private RawRecorder upstream;
    private DataPlane proxy;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new RawRecorder(0);
        ProxySettings settings = Upstreams.at(upstream.port(), upstream.port())
                .withLimits(new ClientLimits(2, 4096, 8192, Duration.ofMillis(300), Duration.ofSeconds(30), 1000));
        proxy = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                RouteResolver.fixed(Route.to(Upstream.LEGACY)), ExchangeRecorder.none()).await();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await();
        upstream.close();
    }

    @Test
    void slowRequestHead_isCutOffAndNeverForwarded() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));

            InputStream in = socket.getInputStream();
            assertThat(RawClient.readAll(in)).doesNotContain("200 OK");
        }
        assertThat(upstream.received()).as("bytes forwarded").isEmpty();
    }

    @Test
    void connectionsBeyondTheLimit_areClosedOnAccept() throws Exception {
        try (Socket first = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
             Socket second = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
             Socket third = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            third.setSoTimeout(5000);
            third.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(third.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void chunkedBodyOverTheLimit_isCutOffWith413() throws Exception {
        String chunk = Integer.toHexString(600) + "\r\n" + "y".repeat(600) + "\r\n";

        String response = RawClient.exchange(proxy.port(),
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "0\r\n\r\n");

        assertThat(RawClient.status(response)).isEqualTo(413);
    }

    @Test
    void bodyOverTheLimit_isRefusedWith413() throws Exception {

        String response = RawClient.exchange(proxy.port(),
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1001\r\n\r\n" + "x".repeat(1001));

        assertThat(RawClient.status(response)).isEqualTo(413);
        assertThat(upstream.received()).as("bytes forwarded").isEmpty();
    }
}
