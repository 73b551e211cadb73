package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ServerOptions;
import dev.strangler.proxy.forward.DataPlane;
import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.RouteResolver;
import dev.strangler.proxy.forward.UpstreamSettings;
import dev.strangler.rules.Upstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An upstream may answer an upload before reading it (a refusal, a fixed reply): the Netty plane relays the answer
 * at once, as nginx does, still passes the rest of the body on, and the client's connection serves its next
 * request. It once closed the client's connection here (the post4k errors of bench/results/netty-plane.md). The
 * Vert.x plane holds such an answer until the whole body was sent, so this case is the Netty plane's alone.
 */
class EarlyAnswerTest {

    @Test
    void uploadAnsweredBeforeItsBodyArrived_isStillSentWhole_andTheConnectionServesTheNextRequest() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            AtomicInteger bodyBytes = new AtomicInteger();
            HttpServer upstream = vertx.createHttpServer().requestHandler(request -> {
                if (request.path().equals("/early")) {
                    request.handler(bytes -> bodyBytes.addAndGet(bytes.length()));
                    request.response().end("early");
                } else {
                    request.response().end("next");
                }
            }).listen(0, "127.0.0.1").await();
            URI origin = URI.create("http://127.0.0.1:" + upstream.actualPort());
            ProxySettings settings = ProxySettings.defaults(UpstreamSettings.of(Upstream.LEGACY, origin),
                    UpstreamSettings.of(Upstream.MODERN, origin));
            DataPlane proxy = EdgePlane.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                    RouteResolver.fixed(Route.to(Upstream.LEGACY)), ExchangeRecorder.none()).await();

            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(ascii("POST /early HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n"));
                out.flush();
                String first = readUntil(socket.getInputStream(), "early");
                out.write(ascii("0123456789GET /next HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
                out.flush();
                String rest = readUntil(socket.getInputStream(), "next");

                assertThat(first).startsWith("HTTP/1.1 200 ").endsWith("early");
                assertThat(rest).startsWith("HTTP/1.1 200 ").endsWith("next");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> bodyBytes.get() == 10);
        } finally {
            vertx.close().await();
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        int c;
        while (!text.toString().endsWith(end) && (c = in.read()) >= 0) {
            text.append((char) c);
        }
        return text.toString();
    }
}
