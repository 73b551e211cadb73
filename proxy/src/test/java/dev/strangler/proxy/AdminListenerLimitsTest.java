package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.ServerLimits;
import dev.strangler.proxy.admin.AdminListener;
import dev.strangler.proxy.admin.Readiness;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin port holds the same line as the data plane (issue 13.7): a client that does not finish its request
 * head in time is cut off, a connection without traffic is closed, and connections beyond the cap are closed on
 * accept. Limits here: 2 connections, 300 ms for a head, 1 s idle.
 */
class AdminListenerLimitsTest {

    private static final String LIVE = "GET /health/live HTTP/1.1\r\nHost: a\r\n\r\n";

    private static Vertx vertx;
    private static AdminListener admin;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        ServerLimits limits = new ServerLimits(8192, 4096, 2, Duration.ofSeconds(1), Duration.ofMillis(300), 1024);
        admin = AdminListener.start(vertx, AdminListener.router(vertx, new Readiness(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), ServerOptions.admin("127.0.0.1", 0, limits),
                limits).await();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    @Test
    void slowRequestHead_isCutOff() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes(
                    StandardCharsets.US_ASCII));

            assertThat(readUntilClosed(socket.getInputStream())).doesNotContain("200 OK");
        }
    }

    @Test
    void connectionWithoutTraffic_isClosedAfterTheIdleTimeout() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(LIVE.getBytes(StandardCharsets.US_ASCII));

            assertThat(readUntilClosed(socket.getInputStream())).startsWith("HTTP/1.1 200 OK");
        }
    }

    @Test
    void connectionsBeyondTheCap_areClosedOnAccept() throws Exception {
        try (Socket first = connect(); Socket second = connect()) {
            first.getOutputStream().write(LIVE.getBytes(StandardCharsets.US_ASCII));
            second.getOutputStream().write(LIVE.getBytes(StandardCharsets.US_ASCII));
            assertThat(first.getInputStream().read()).isEqualTo('H');
            assertThat(second.getInputStream().read()).isEqualTo('H');
            try (Socket third = connect()) {
                third.getOutputStream().write(LIVE.getBytes(StandardCharsets.US_ASCII));

                assertThat(third.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), admin.port());
        socket.setSoTimeout(8000);
        return socket;
    }

    /** Everything the listener sends until it closes the connection; a read timeout fails the test. */
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            out.write(buffer, 0, read);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
