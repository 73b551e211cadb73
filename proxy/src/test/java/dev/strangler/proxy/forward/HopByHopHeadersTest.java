package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HopByHopHeadersTest {

    @ParameterizedTest
    @ValueSource(strings = {"Connection", "keep-alive", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
            "Proxy-Connection", "proxy-authorization", "Proxy-Authenticate", "HTTP2-Settings"})
    void isHopByHop_matchesEveryConnectionHeaderInAnyCase(String name) {
        assertThat(HopByHopHeaders.isHopByHop(name)).isTrue();
        assertThat(HopByHopHeaders.isHopByHop(name.toUpperCase())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "Content-Length", "Cookie", "Trailers", "Tea", "Upgraded", ""})
    void isHopByHop_leavesEndToEndHeaders(String name) {
        assertThat(HopByHopHeaders.isHopByHop(name)).isFalse();
    }

    @Test
    void copyRequest_dropsHopByHopNamedInternalAndProxySetHeaders() {
        MultiMap from = HttpHeaders.headers()
                .add("Connection", "keep-alive, X-Private").add("X-Private", "1").add("Host", "shop")
                .add("X-Forwarded-For", "6.6.6.6").add("X-Strangler-Route", "modern").add("Cookie", "a=b")
                .add("Accept", "text/html").add("Accept", "application/json");
        MultiMap to = HttpHeaders.headers();

        HopByHopHeaders.copyRequest(from, to);

        assertThat(to.names()).containsExactlyInAnyOrder("Cookie", "Accept");
        assertThat(to.getAll("Accept")).containsExactly("text/html", "application/json");
    }

    @Test
    void copyResponse_keepsContentLengthAndDropsInternalHeaders() {
        MultiMap from = HttpHeaders.headers().add("Content-Length", "5").add("Keep-Alive", "timeout=5")
                .add("x-strangler-upstream", "modern").add("Set-Cookie", "uid=1");
        MultiMap to = HttpHeaders.headers();

        HopByHopHeaders.copyResponse(from, to);

        assertThat(to.names()).containsExactlyInAnyOrder("Content-Length", "Set-Cookie");
    }
}
