package dev.strangler.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The admin API's listener ({@code admin:}; SPEC §6).
 *
 * @param host  the address to bind ({@code host:}, default {@code 127.0.0.1}: reachable from the machine only
 *              unless an operator opens it)
 * @param port  the port ({@code port:}, default 9090, 0..65535; 0 picks any free port, for tests)
 * @param token  a bearer token with scope {@code admin}, named {@value AdminTokenConfig#DEFAULT_NAME} ({@code token:},
 *               at least 16 characters; write {@code "${STRANGLER_ADMIN_TOKEN}"} to keep it out of the file), or
 *               null when only {@code tokens:} are given. Never printed by {@link #toString()}
 * @param tokens named, scoped tokens given by their SHA-256 ({@code tokens:}, a list of
 *               {@code {name, scope, sha256}}; {@code token:} or at least one of these is required). Tokens added at
 *               runtime live in the state database
 * @param limits what an admin client may send and hold ({@code limits:}, the keys of {@code server.limits}:
 *               {@code maxConnections} default 64, {@code idleTimeout} 60s, {@code headerReadTimeout} 10s,
 *               {@code maxHeaderSize} 8KB, {@code maxInitialLineLength} 4KB, {@code maxBodySize} 1MB)
 */
public record AdminConfig(String host, int port, String token, List<AdminTokenConfig> tokens, ServerLimits limits) {

    /** The admin listener's defaults: a few operators and a scraper need few connections and small bodies. */
    public static final ServerLimits DEFAULT_LIMITS = new ServerLimits(8 * 1024, 4 * 1024, 64,
            Duration.ofSeconds(60), Duration.ofSeconds(10), 1024 * 1024);

    public AdminConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        tokens = List.copyOf(tokens);
    }

    /** An admin listener with named tokens and the default limits. */
    public AdminConfig(String host, int port, String token, List<AdminTokenConfig> tokens) {
        this(host, port, token, tokens, DEFAULT_LIMITS);
    }

    /** An admin listener with the single token {@code token}. */
    public AdminConfig(String host, int port, String token) {
        this(host, port, token, List.of(), DEFAULT_LIMITS);
    }

    @Override
    public String toString() {
        return "AdminConfig[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***")
                + ", tokens=" + tokens + ", limits=" + limits + "]";
    }
}
