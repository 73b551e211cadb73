package dev.strangler.proxy.forward;

import dev.strangler.rules.Upstream;
import java.net.URI;
import java.time.Duration;

/** Settings for tests: legacy and modern on loopback ports, with short timeouts where a test needs them. */
final class Upstreams {

    private Upstreams() {
    }

    static ProxySettings at(int legacyPort, int modernPort) {
        return ProxySettings.defaults(upstream(Upstream.LEGACY, legacyPort), upstream(Upstream.MODERN, modernPort));
    }

    static UpstreamSettings upstream(Upstream upstream, int port) {
        return new UpstreamSettings(upstream, URI.create("http://127.0.0.1:" + port), 64, Duration.ofSeconds(2),
                Duration.ofMillis(1500));
    }
}
