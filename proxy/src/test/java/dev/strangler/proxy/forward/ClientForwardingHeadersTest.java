package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.TrustedProxy;
import dev.strangler.proxy.ServerOptions;
import dev.strangler.rules.Upstream;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Headers an upstream may take as the proxy's word about the client (issue 13.4): besides {@code Forwarded} and
 * {@code X-Forwarded-For/Proto/Host}, the de-facto ones that frameworks and servers read ({@code X-Forwarded-Port},
 * {@code X-Forwarded-Prefix}, {@code X-Forwarded-Ssl}, {@code X-Real-IP}, {@code X-Original-URL},
 * {@code X-Rewrite-URL}, {@code X-Original-Forwarded-For}) are removed unless the peer is a trusted proxy allowed
 * to set them. The upstream echoes the headers it received.
 */
class ClientForwardingHeadersTest {

    private static final String CLIENT_CLAIMS = "X-Forwarded-Port: 443\r\nX-Forwarded-Prefix: /admin\r\n"
            + "X-Forwarded-Ssl: on\r\nX-Real-IP: 6.6.6.6\r\nX-Original-URL: /admin/users\r\n"
            + "X-Rewrite-URL: /admin/users\r\nX-Original-Forwarded-For: 6.6.6.7\r\n"
            + "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\n";

    private static Vertx vertx;
    private static EchoBackend upstream;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        upstream = new EchoBackend("legacy").start(vertx).await();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    private static String through(TrustedProxies trusted) throws Exception {
        ProxySettings settings = Upstreams.at(upstream.port(), upstream.port())
                .withHeaders(trusted, ProxySettings.HostHeader.PRESERVE, false);
        DataPlane proxy = Planes.start(vertx, settings, ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1),
                RouteResolver.fixed(Route.to(Upstream.LEGACY)), ExchangeRecorder.none()).await();
        try {
            String response = RawClient.exchange(proxy.port(), "GET / HTTP/1.1\r\nHost: shop.example\r\n"
                    + CLIENT_CLAIMS + "Connection: close\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200 ");
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        } finally {
            proxy.shutdown(Duration.ZERO).await();
        }
    }

    @Test
    void clientClaimsOfAnUntrustedPeer_areRemoved() throws Exception {
        String seen = through(TrustedProxies.none());

        assertThat(seen).doesNotContain("x-forwarded-port", "x-forwarded-prefix", "x-forwarded-ssl", "x-real-ip",
                "x-original-url", "x-rewrite-url", "x-original-forwarded-for", "6.6.6", "203.0.113.9", "/admin");
        assertThat(seen).contains("x-forwarded-for: 127.0.0.1\n", "x-forwarded-proto: http\n");
    }

    @Test
    void trustedProxyGivenAsAnAddress_mayPassEveryForwardingHeader() throws Exception {
        String seen = through(TrustedProxies.of(List.of("127.0.0.0/8")));

        assertThat(seen).contains("x-forwarded-port: 443\n", "x-forwarded-prefix: /admin\n", "x-forwarded-ssl: on\n",
                "x-real-ip: 6.6.6.6\n", "x-original-url: /admin/users\n", "x-rewrite-url: /admin/users\n",
                "x-original-forwarded-for: 6.6.6.7\n", "x-forwarded-for: 203.0.113.9, 127.0.0.1\n",
                "x-forwarded-proto: https\n");
    }

    @Test
    void trustedProxyWithAHeaderList_mayPassOnlyThoseHeaders() throws Exception {
        String seen = through(TrustedProxies.configured(List.of(
                new TrustedProxy("127.0.0.1", Set.of("x-real-ip", "x-forwarded-for")))));

        assertThat(seen).contains("x-real-ip: 6.6.6.6\n", "x-forwarded-for: 203.0.113.9, 127.0.0.1\n",
                "x-forwarded-proto: http\n");
        assertThat(seen).doesNotContain("x-forwarded-port", "x-forwarded-prefix", "x-forwarded-ssl",
                "x-original-url", "x-rewrite-url", "x-original-forwarded-for", "https");
    }
}
