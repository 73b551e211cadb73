package dev.strangler.proxy.forward;

import dev.strangler.rules.Upstream;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the proxy talks to one upstream: where it is, how many keep-alive connections it may hold open, and how long
 * it waits. Built once by the wiring class from the configuration; nothing here reads files.
 *
 * @param upstream        which system this is
 * @param origin          {@code http://host:port} (a path, if any, is ignored: request paths are forwarded as is)
 * @param poolSize        keep-alive connections per event loop; Vert.x's default of 5 starves a busy proxy
 * @param connectTimeout  how long a TCP connect may take before the request fails with 504
 * @param responseTimeout how long the upstream may stay silent (before the first byte and between bytes) before
 *                        the request fails with 504
 */
public record UpstreamSettings(Upstream upstream, URI origin, int poolSize, Duration connectTimeout,
                               Duration responseTimeout) {

    public UpstreamSettings {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        if (!"http".equals(origin.getScheme()) && !"https".equals(origin.getScheme())) {
            throw new IllegalArgumentException("origin: " + origin + " (expected: http://host:port or https://host:port)");
        }
        if (origin.getHost() == null) {
            throw new IllegalArgumentException("origin: " + origin + " (expected: a host)");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize: " + poolSize + " (expected: 1 or more)");
        }
    }

    /** An upstream with the defaults: 64 connections, 5 s to connect, 30 s of silence. */
    public static UpstreamSettings of(Upstream upstream, URI origin) {
        return new UpstreamSettings(upstream, origin, 64, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public boolean tls() {
        return "https".equals(origin.getScheme());
    }

    public int port() {
        return origin.getPort() > 0 ? origin.getPort() : tls() ? 443 : 80;
    }

    /** The value of {@code Host} when the proxy rewrites it: the upstream's own authority. */
    public String authority() {
        boolean defaultPort = origin.getPort() < 0 || origin.getPort() == (tls() ? 443 : 80);
        return defaultPort ? origin.getHost() : origin.getHost() + ":" + origin.getPort();
    }
}
