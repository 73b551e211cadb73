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
import org.junit.jupiter.params.provider.ValueSource;
import java.time.Duration;

/**
 * Requests that two parsers could read differently are answered by the proxy and never reach an upstream: the
 * upstream here records every byte it receives, and must receive none. Every case has its own proxy and upstream,
 * so bytes of one case that arrive late can never be counted against another.
 */
class MalformedRequestTest {

    /** The decoder answers some inputs with 400 or 501 depending on how far it read; either refuses them. */
    private static final int ANY_ERROR = -1;
    /** A malformed chunk makes the decoder close the connection; an answer, if any, is 400. */
    private static final int CLOSED = -2;

    private Vertx vertx;
    private RawRecorder upstream;
    private DataPlane proxy;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = new RawRecorder(0);
        ProxySettings settings = Upstreams.at(upstream.port(), upstream.port());
        proxy = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
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
                        "GET / HTTP/1.1\r\nHost: a\r\n" + longHeader + "\r\n"),
                // request line
                Arguments.of("extra token after the version", 400, "GET / HTTP/1.1 x\r\nHost: a\r\n\r\n"),
                Arguments.of("unknown minor version", ANY_ERROR, "GET / HTTP/1.2\r\nHost: a\r\n\r\n"),
                Arguments.of("HTTP/2.0 in an HTTP/1 request line", ANY_ERROR, "GET / HTTP/2.0\r\nHost: a\r\n\r\n"),
                Arguments.of("HTTP/0.9 version", ANY_ERROR, "GET / HTTP/0.9\r\nHost: a\r\n\r\n"),
                Arguments.of("unknown protocol", ANY_ERROR, "GET / FOO/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("lower-case protocol", ANY_ERROR, "GET / http/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("method that is not a token", 400, "G@T / HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("method with a control character", 400, "G\u0001T / HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("NUL in the target", 400, "GET /a\u0000b HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("DEL in the target", 400, "GET /a\u007fb HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("malformed escape in the target", 400, "GET /%%41 HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("request line without a target", 400, "GET\r\nHost: a\r\n\r\n"),
                Arguments.of("request line without a version", ANY_ERROR, "GET /\r\nHost: a\r\n\r\n"),
                Arguments.of("authority-form target (CONNECT)", 400, "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n"),
                Arguments.of("asterisk-form target for GET", 400, "GET * HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("absolute form with user info", 400, "GET http://u@a/ HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("absolute form of another scheme", 400, "GET ftp://a/ HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("fragment in the target", 400, "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("method over 4 KiB", ANY_ERROR, "A".repeat(5000) + " / HTTP/1.1\r\nHost: a\r\n\r\n"),
                // header fields
                Arguments.of("header line without a colon", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-A\r\n\r\n"),
                Arguments.of("folded Host", 400, "GET / HTTP/1.1\r\nHost:\r\n a\r\n\r\n"),
                Arguments.of("non-ASCII header name", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-\u00e9: 1\r\n\r\n"),
                Arguments.of("NUL in a value", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u0000b\r\n\r\n"),
                Arguments.of("bare CR in a value", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\rb\r\n\r\n"),
                Arguments.of("header name over 8 KiB", 431,
                        "GET / HTTP/1.1\r\nHost: a\r\n" + "X".repeat(9000) + ": 1\r\n\r\n"),
                Arguments.of("many small headers over 8 KiB", 431,
                        "GET / HTTP/1.1\r\nHost: a\r\n" + "X-A: 0123456789\r\n".repeat(600) + "\r\n"),
                Arguments.of("Host with user info", 400, "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n"),
                Arguments.of("empty Host", 400, "GET / HTTP/1.1\r\nHost: \r\n\r\n"),
                Arguments.of("Host list", 400, "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n"),
                Arguments.of("empty Content-Length", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n"),
                Arguments.of("Content-Length with inner space", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 0\r\n\r\n0123456789"),
                Arguments.of("Content-Length beyond 64 bits", ANY_ERROR,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\nhello"),
                Arguments.of("Transfer-Encoding identity", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\nhello"),
                Arguments.of("Transfer-Encoding chunked with a parameter", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding xchunked", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
                // Expect
                Arguments.of("Expect other than 100-continue", 417,
                        "POST / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\nContent-Length: 5\r\n\r\nhello"),
                Arguments.of("Expect list", 417,
                        "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue, x\r\nContent-Length: 5\r\n\r\nhello"),
                // chunked bodies: the head and the bad chunk arrive together, and nothing may be forwarded; the decoder
                // closes the connection at the bad chunk, with or without an answer
                Arguments.of("chunk size not hex", CLOSED, chunked("zz\r\nhello\r\n0\r\n\r\n")),
                Arguments.of("chunk size with 0x", CLOSED, chunked("0x5\r\nhello\r\n0\r\n\r\n")),
                Arguments.of("negative chunk size", CLOSED, chunked("-5\r\nhello\r\n0\r\n\r\n")),
                Arguments.of("chunk size beyond 64 bits", CLOSED, chunked("fffffffffffffffff\r\nhello\r\n0\r\n\r\n")),
                Arguments.of("chunk size with a leading space", CLOSED, chunked(" 5\r\nhello\r\n0\r\n\r\n")),
                Arguments.of("chunk extension with a bare LF", CLOSED, chunked("5;a=b\nhello\r\n0\r\n\r\n")),
                Arguments.of("chunk extension with a control character", CLOSED,
                        chunked("5;a\u0001b\r\nhello\r\n0\r\n\r\n")),
                Arguments.of("chunk extension with an open quote", CLOSED, chunked("5;a=\"b\r\nhello\r\n0\r\n\r\n")),
                Arguments.of("chunk size line with a bare LF", CLOSED, chunked("5\nhello\r\n0\r\n\r\n")));
    }

    private static String chunked(String body) {
        return "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedRequest_isAnsweredByTheProxyAndNeverForwarded(String scenario, int status, String request)
            throws Exception {
        String response = RawClient.exchange(proxy.port(), request);

        if (status == ANY_ERROR) {
            assertThat(RawClient.status(response)).as(response).isBetween(400, 599);
        } else if (status == CLOSED) {
            assertThat(RawClient.status(response)).as(response).isIn(-1, 400);
        } else {
            assertThat(RawClient.status(response)).as(response).isEqualTo(status);
        }
        assertThat(response).doesNotContain("Exception").doesNotContain("127.0.0.1");
        assertThat(upstream.received()).as("bytes forwarded").isEmpty();
    }

    /**
     * Trailer fields are never forwarded (the body is relayed without them), so a folded trailer or a
     * {@code Content-Length} smuggled into the trailers cannot reach an upstream that would merge them into the head.
     */
    @ParameterizedTest
    @ValueSource(strings = {"X-A: 1\r\n 2\r\n", "Content-Length: 50\r\n", "Transfer-Encoding: chunked\r\n"})
    void trailerFields_areNotForwarded(String trailer) throws Exception {
        try (RawRecorder own = new RawRecorder(0)) {
            DataPlane relay = startProxy(own);

            String response = RawClient.exchange(relay.port(), "POST /t HTTP/1.1\r\nHost: a\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n" + trailer + "\r\n");

            assertThat(RawClient.status(response)).as(response).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> text(own).contains("\r\n0\r\n\r\n"));
            assertThat(text(own)).startsWith("POST /t HTTP/1.1\r\n")
                    .doesNotContain(trailer.substring(0, trailer.indexOf(':')));
            relay.shutdown(Duration.ZERO).await();
        }
    }

    /**
     * A chunk that turns out malformed after valid body bytes: the head and those bytes may already be on their way
     * (bodies stream), but the upstream request is cut off, never completed, and the client gets no answer from it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"5\r\nhello world\r\n0\r\n\r\n", "5\r\nhello\r\n0\r\nX A: 1\r\n\r\n",
            "5\r\nhello\r\n0\r\nX-A: a\u0001b\r\n\r\n", "5\r\nhello\r\nzz\r\n0\r\n\r\n",
            "5\r\nhelloXX0\r\n\r\n", "5\r\nhello\r\n0\r\nX-A\r\n\r\n"})
    void chunkMalformedAfterValidBytes_neverCompletesTheUpstreamRequest(String body) throws Exception {
        try (RawRecorder own = new RawRecorder(0)) {
            DataPlane relay = startProxy(own);

            String response = RawClient.exchange(relay.port(), "POST /c HTTP/1.1\r\nHost: a\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + body);

            assertThat(RawClient.status(response)).as(response).isIn(-1, 400);
            relay.shutdown(Duration.ZERO).await();
            assertThat(text(own)).doesNotContain("\r\n0\r\n\r\n");
        }
    }

    private DataPlane startProxy(RawRecorder to) {
        ProxySettings settings = Upstreams.at(to.port(), to.port());
        return Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                RouteResolver.fixed(Route.to(Upstream.LEGACY)), ExchangeRecorder.none()).await();
    }

    private static String text(RawRecorder recorder) {
        return new String(recorder.received(), java.nio.charset.StandardCharsets.ISO_8859_1);
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
