package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ServerOptions;
import dev.strangler.rules.Upstream;
import io.vertx.core.Vertx;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.time.Duration;

/**
 * Requests that two parsers could read differently are answered by the proxy and never reach an upstream: the
 * upstream here records every byte it receives, and must receive none. Every case has its own proxy and upstream,
 * so bytes of one case that arrive late can never be counted against another.
 */
class MalformedRequestTest {

    /** The decoder answers some inputs with 400 or 501 depending on how far it read; either refuses them. */
    private static final int ANY_ERROR = -1;

    private Vertx vertx;
    private RawRecorder upstream;
    private DataPlane proxy;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new RawRecorder(0);
        ProxySettings settings = Upstreams.at(upstream.port(), upstream.port());
        proxy = DataPlane.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                RouteResolver.fixed(Route.to(Upstream.LEGACY)), ExchangeRecorder.none())
                .await();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await();
        upstream.close();
    }

    static Stream<Arguments> malformed() {
        String longTarget = "/" + "a".repeat(5000);
        String longHeader = "X-Big: " + "b".repeat(9000) + "\r\n";
        return Stream.of(
                Arguments.of("Content-Length with Transfer-Encoding", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding with Content-Length", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"),
                Arguments.of("two different Content-Length", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
                Arguments.of("two equal Content-Length", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
                Arguments.of("Content-Length list", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello"),
                Arguments.of("signed Content-Length", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello"),
                Arguments.of("negative Content-Length", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"),
                Arguments.of("hex Content-Length", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\nhello"),
                Arguments.of("chunked twice", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("two Transfer-Encoding headers", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("gzip only", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n"),
                Arguments.of("gzip then chunked", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("leading comma", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("folded Transfer-Encoding", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("space before colon", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding in HTTP/1.0", 400,
                        "POST / HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("control character in a value", 400,
                        "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u0001b\r\n\r\n"),
                Arguments.of("space in a header name", 400,
                        "GET / HTTP/1.1\r\nHost: a\r\nX A: b\r\n\r\n"),
                Arguments.of("empty header name", 400,
                        "GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n"),
                Arguments.of("missing Host", 400,
                        "GET / HTTP/1.1\r\nX-A: b\r\n\r\n"),
                Arguments.of("two Host headers", 400,
                        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                Arguments.of("invalid Host", 400,
                        "GET / HTTP/1.1\r\nHost: a b/c\r\n\r\n"),
                Arguments.of("absolute form for another host", 400,
                        "GET http://evil.example/x HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("bare line feeds", 400,
                        "GET / HTTP/1.1\nHost: a\n\n"),
                Arguments.of("space in the target", 400,
                        "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("HTTP/2 prior knowledge (cleartext HTTP/2 is refused)", ANY_ERROR,
                        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
                Arguments.of("request line over 4 KiB", 414,
                        "GET " + longTarget + " HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("headers over 8 KiB", 431,
                        "GET / HTTP/1.1\r\nHost: a\r\n" + longHeader + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedRequest_isAnsweredByTheProxyAndNeverForwarded(String scenario, int status, String request)
            throws Exception {
        String response = RawClient.exchange(proxy.port(), request);

        if (status == ANY_ERROR) {
            assertThat(RawClient.status(response)).as(response).isBetween(400, 599);
        } else {
            assertThat(RawClient.status(response)).as(response).isEqualTo(status);
        }
        assertThat(response).doesNotContain("Exception").doesNotContain("127.0.0.1");
        assertThat(upstream.received()).as("bytes forwarded").isEmpty();
    }

    @Test
    void wellFormedRequest_isForwarded() throws Exception {
        String response = RawClient.exchange(proxy.port(),
                "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");

        assertThat(RawClient.status(response)).as(response).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                new String(upstream.received(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .startsWith("POST /x HTTP/1.1\r\n").endsWith("\r\n\r\nhello"));
    }
}
