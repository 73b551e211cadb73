package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The path a request is routed by is the path its upstream serves (issue 13.3). Every case of the path
 * normalisation tests ({@code RequestPathTest}) goes through a running proxy to two upstreams that echo the
 * target they received: a path whose spelling only differs harmlessly (matrix parameters, empty segments, escapes)
 * is forwarded exactly as sent to the upstream its normalised form is routed to; a path with a dot segment in any
 * spelling, or a fragment, is refused with 400 and reaches no upstream, since servers disagree on resolving it.
 * Routes: {@code /new-ui/**}, {@code /modern/**}, {@code /a/**}, {@code /Api/**} go to modern, the rest to legacy.
 */
@ExtendWith(PostgresExtension.class)
class RoutedPathTest {

    private static Vertx vertx;
    private static RunningStrangler strangler;
    private static EchoBackend legacyApp;
    private static EchoBackend modernApp;

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        legacyApp = new EchoBackend("legacy").start(vertx).await();
        modernApp = new EchoBackend("modern").start(vertx).await();
        String config = TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())
                .replace("    - { id: new-pages, path: \"/new/**\", to: modern }\n", """
                            - { id: new-ui, path: "/new-ui/**", to: modern }
                            - { id: modern, path: "/modern/**", to: modern }
                            - { id: a, path: "/a/**", to: modern }
                            - { id: api, path: "/Api/**", to: modern }
                        """);
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, config);
        strangler = RunningStrangler.start(vertx, file);
    }

    @AfterAll
    static void stop() {
        strangler.stop();
        vertx.close().await();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/                              | legacy",
        "/api/orders                    | legacy",
        "/api/orders/                   | legacy",
        "/api/orders?x=1/../..          | legacy",
        "//api///orders                 | legacy",
        "/a;jsessionid=1/b;v=2          | modern",
        "/modern;v=1/x                  | modern",
        "//modern//x                    | modern",
        "/%41pi/%7euser                 | modern",
        "/caf%c3%a9                     | legacy",
        "/a%20b                         | legacy",
    })
    void pathSpelledHarmlessly_isForwardedAsSentToTheUpstreamItsNormalFormRoutesTo(String target, String side)
            throws Exception {
        String response = send("GET " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 ").contains("served-by: " + side + "\nGET " + target + "\n");
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', value = {
        "/api/orders/7/..;/..;/..;/new-ui",
        "/api/orders/7/../../../new-ui",
        "/api/orders#frag",
        "/api/orders/7#/../../../new-ui",
        "/modern/../legacy",
        "/modern/%2e%2e/legacy",
        "/modern/%2E%2E/legacy",
        "/modern/.%2e/legacy",
        "/modern/..;/legacy",
        "/modern/..;jsessionid=x/legacy",
        "/./a/./b/.",
        "/a/.;x/b",
        "/../../etc/passwd",
        "/a/b/../../..",
        "/modern/..%2flegacy",
        "/modern%2F..%2Flegacy",
        "/a%5c..%5cb",
        "/a\\..\\b",
        "/a%00b",
        "/a%0ab",
        "/a%3b/b",
        "/a%zz",
        "/a%2",
        "api/orders",
        "*",
    })
    void pathTheUpstreamCouldResolveElsewhere_isRefusedWith400AndNotForwarded(String target) throws Exception {
        int before = legacyApp.requests() + modernApp.requests();

        String response = send("GET " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(legacyApp.requests() + modernApp.requests()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource({"/api/orders/7/..;/..;/..;/new-ui", "/modern/%2e%2e/legacy"})
    void webSocketUpgradeOnAPathWithDotSegments_isRefusedWith400AndNotForwarded(String target) throws Exception {
        int before = legacyApp.requests() + modernApp.requests();

        String response = send("GET " + target + " HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(legacyApp.requests() + modernApp.requests()).isEqualTo(before);
    }

    private static String send(String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), strangler.server().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                    out.write(buffer, 0, read);
                }
            } catch (SocketTimeoutException silence) {
                // an answer without close (a refused upgrade) is still the answer
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
