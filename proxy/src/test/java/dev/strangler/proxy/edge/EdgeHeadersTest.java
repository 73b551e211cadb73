package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.TrustedProxies;
import dev.strangler.rules.Upstream;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/**
 * The Netty plane's header editing, with the cases of the Vert.x plane's HopByHopHeadersTest (which also covers the
 * name checks both planes share, {@code HopByHopHeaders.isHopByHop}).
 */
class EdgeHeadersTest {

    private final EdgeHeaders headers = new EdgeHeaders(TrustedProxies.none(), ProxySettings.HostHeader.PRESERVE,
            false);

    @Test
    void editRequest_dropsHopByHopNamedInternalAndProxySetHeaders_andSetsTheProxysOwn() {
        HttpHeaders request = new DefaultHttpHeaders()
                .add("Connection", "keep-alive, X-Private").add("X-Private", "1").add("Host", "shop")
                .add("X-Forwarded-For", "6.6.6.6").add("X-Strangler-Route", "modern").add("Cookie", "a=b")
                .add("Accept", "text/html").add("Accept", "application/json").add("X-Real-IP", "6.6.6.6");

        headers.editRequest(request, "10.0.0.1", false, "legacy:8080");

        assertThat(request.names()).containsExactlyInAnyOrder("Cookie", "Accept", "X-Forwarded-For",
                "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded", "host");
        assertThat(request.getAll("Accept")).containsExactly("text/html", "application/json");
        assertThat(request.get("X-Forwarded-For")).isEqualTo("10.0.0.1");
        assertThat(request.get("Forwarded")).isEqualTo("for=10.0.0.1;proto=http;host=\"shop\"");
        assertThat(request.get("Host")).isEqualTo("shop");
    }

    @Test
    void editResponse_keepsContentLengthAndDropsInternalHeaders() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().add("Content-Length", "5").add("Keep-Alive", "timeout=5")
                .add("x-strangler-upstream", "modern").add("Set-Cookie", "uid=1");

        boolean close = headers.editResponse(response, Route.to(Upstream.LEGACY), HttpVersion.HTTP_1_1, false,
                false, false);

        assertThat(close).isFalse();
        assertThat(response.headers().names()).containsExactlyInAnyOrder("Content-Length", "Set-Cookie");
    }

    @Test
    void editResponse_withoutALength_isChunkedForHttp11_andClosedForHttp10() {
        HttpResponse toHttp11 = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpResponse toHttp10 = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);

        boolean closes11 = headers.editResponse(toHttp11, Route.to(Upstream.LEGACY), HttpVersion.HTTP_1_1, false,
                false, false);
        boolean closes10 = headers.editResponse(toHttp10, Route.to(Upstream.LEGACY), HttpVersion.HTTP_1_0, false,
                false, false);

        assertThat(closes11).isFalse();
        assertThat(toHttp11.headers().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(closes10).isTrue();
        assertThat(toHttp10.headers().get("Connection")).isEqualTo("close");
        assertThat(toHttp10.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_0);
    }
}
