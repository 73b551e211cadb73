package dev.strangler.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The Prometheus that ramps' {@code promql} gates ask ({@code prometheus:}).
 *
 * @param url     its base address ({@code url:}, required, {@code http://host:9090}); queries go to
 *                {@code /api/v1/query}
 * @param timeout how long one query may take ({@code timeout:}, default 5s)
 */
public record PrometheusEndpoint(URI url, Duration timeout) {

    public PrometheusEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
    }
}
