package dev.strangler.config;

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
 */
public record AdminConfig(String host, int port, String token, List<AdminTokenConfig> tokens) {

    public AdminConfig {
        Objects.requireNonNull(host, "host");
        tokens = List.copyOf(tokens);
    }

    /** An admin listener with the single token {@code token}. */
    public AdminConfig(String host, int port, String token) {
        this(host, port, token, List.of());
    }

    @Override
    public String toString() {
        return "AdminConfig[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***")
                + ", tokens=" + tokens + "]";
    }
}
