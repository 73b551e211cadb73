package dev.strangler.proxy.edge;

import dev.strangler.proxy.forward.ProxySettings;
import dev.strangler.proxy.forward.UpstreamSettings;
import dev.strangler.rules.Upstream;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.EnumMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * TLS to {@code https} upstreams, spoken as the Vert.x plane speaks it: the certificate checked against the JVM's
 * trust store ({@code javax.net.ssl.trustStore}, else the JDK's own), the upstream's host name verified against it
 * and sent as SNI. One client context per {@code https} upstream, made at start (a broken JVM TLS setup fails the
 * start); an {@code SslHandler} per connection, ahead of the HTTP codec, which stays there when a WebSocket
 * handshake turns the connection into a tunnel.
 */
final class UpstreamTls {

    private UpstreamTls() {
    }

    /** A client context for each {@code https} upstream; plain {@code http} ones have none. */
    static Map<Upstream, SslContext> contexts(ProxySettings settings) throws SSLException {
        Map<Upstream, SslContext> contexts = new EnumMap<>(Upstream.class);
        for (Map.Entry<Upstream, UpstreamSettings> upstream : settings.upstreams().entrySet()) {
            if (upstream.getValue().tls()) {
                contexts.put(upstream.getKey(), SslContextBuilder.forClient()
                        .endpointIdentificationAlgorithm("HTTPS").build());
            }
        }
        return contexts;
    }

    /** Adds the TLS handler first in a new upstream channel's pipeline, when {@code context} is not null. */
    static void addTo(Channel channel, SslContext context, UpstreamSettings upstream) {
        if (context != null) {
            channel.pipeline().addFirst("tls", context.newHandler(channel.alloc(), upstream.origin().getHost(),
                    upstream.port()));
        }
    }
}
