package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.proxy.ServerOptions;
import dev.strangler.proxy.forward.ExchangeRecorder;
import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.Route;
import dev.strangler.proxy.forward.RouteResolver;
import dev.strangler.proxy.forward.UpstreamSettings;
import dev.strangler.rules.Upstream;
import io.vertx.core.Vertx;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** What the Netty plane refuses at start (its behaviour as a proxy is guarded by the suites of Planes). */
class EdgePlaneTest {

    @Test
    void httpsUpstream_isRefusedAtStart_withTheUpstreamNamed() {
        Vertx vertx = Vertx.vertx();
        try {
            ProxySettings settings = ProxySettings.defaults(
                    UpstreamSettings.of(Upstream.LEGACY, URI.create("https://legacy.example")),
                    UpstreamSettings.of(Upstream.MODERN, URI.create("http://127.0.0.1:1")));

            assertThatThrownBy(() -> EdgePlane.start(vertx, settings,
                    ServerOptions.dataPlane(settings, "127.0.0.1", 0, 1), RouteResolver.fixed(Route.to(Upstream.LEGACY)),
                    ExchangeRecorder.none()).await())
                    .hasMessageContaining("upstreams: legacy is https://legacy.example");
        } finally {
            vertx.close().await();
        }
    }
}
