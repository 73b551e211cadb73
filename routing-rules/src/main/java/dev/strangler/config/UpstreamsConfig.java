package dev.strangler.config;

import java.util.Objects;

/**
 * The two systems behind the proxy ({@code upstreams:}).
 *
 * @param legacy the legacy application ({@code legacy:}, required)
 * @param modern the modern application ({@code modern:}, required)
 */
public record UpstreamsConfig(UpstreamConfig legacy, UpstreamConfig modern) {

    public UpstreamsConfig {
        Objects.requireNonNull(legacy, "legacy");
        Objects.requireNonNull(modern, "modern");
    }
}
