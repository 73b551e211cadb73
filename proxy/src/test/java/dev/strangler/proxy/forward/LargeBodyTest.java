package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ServerOptions;
import dev.strangler.rules.Upstream;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bodies far larger than the memory the test JVM may use ({@code -Xmx192m -XX:MaxDirectMemorySize=96m}, set in
 * the module's pom) pass through the proxy in both directions: a proxy that held a body whole would run out of
 * memory and fail these tests.
 */
class LargeBodyTest {

    private static final long SIZE = 256L * 1024 * 1024;

    private static Vertx vertx;
    private static DataPlane proxy;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        EchoBackend legacy = new EchoBackend("legacy").start(vertx).await();
        ProxySettings settings = Upstreams.at(legacy.port(), legacy.port());
        proxy = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                RouteResolver.fixed(Route.to(Upstream.LEGACY)), ExchangeRecorder.none()).await();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    @Test
    void upload_streamsThroughWithFlatMemory() throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create(
                "http://127.0.0.1:" + proxy.port() + "/upload").toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(SIZE);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = connection.getOutputStream()) {
            for (long sent = 0; sent < SIZE; sent += chunk.length) {
                out.write(chunk);
            }
        }

        assertThat(connection.getResponseCode()).isEqualTo(200);
        try (InputStream in = connection.getInputStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(SIZE));
        }
    }

    @Test
    void download_streamsThroughWithFlatMemory() throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create(
                "http://127.0.0.1:" + proxy.port() + "/download?bytes=" + SIZE).toURL().openConnection();

        assertThat(connection.getResponseCode()).isEqualTo(200);
        assertThat(connection.getContentLengthLong()).isEqualTo(SIZE);
        long received = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = connection.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                received += read;
            }
        }
        assertThat(received).isEqualTo(SIZE);
    }
}
