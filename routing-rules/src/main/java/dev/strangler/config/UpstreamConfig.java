package dev.strangler.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One upstream ({@code upstreams.legacy:} or {@code upstreams.modern:}).
 *
 * @param url            where it listens ({@code url:}, required): {@code http://} or {@code https://}, a host,
 *                       an optional port, no path, query or credentials
 * @param connectTimeout how long to wait for a connection ({@code connectTimeout:}, default 5s; beyond: 502)
 * @param timeout        how long to wait for the response's first byte ({@code timeout:}, default 30s; beyond:
 *                       504)
 * @param idleTimeout    a pooled connection without traffic is closed after ({@code idleTimeout:}, default 60s)
 * @param poolSize       the most connections kept to it per proxy instance ({@code poolSize:}, default 100,
 *                       1..10000)
 * @param ejection       outlier ejection ({@code ejection:}, see {@link EjectionConfig}); null, the default, never
 *                       ejects
 */
public record UpstreamConfig(URI url, Duration connectTimeout, Duration timeout, Duration idleTimeout,
                             int poolSize, EjectionConfig ejection) {

    /** An upstream that is never ejected. */
    public UpstreamConfig(URI url, Duration connectTimeout, Duration timeout, Duration idleTimeout, int poolSize) {
        this(url, connectTimeout, timeout, idleTimeout, poolSize, null);
    }

    public UpstreamConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    /** The port, the scheme's default when the URL names none. */
    public int port() {
        return url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    }

    /** True for {@code https://}. */
    public boolean tls() {
        return "https".equals(url.getScheme());
    }
}
