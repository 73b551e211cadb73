package dev.strangler.config;

import java.util.Objects;

/**
 * The admin API's listener ({@code admin:}; SPEC §6).
 *
 * @param host  the address to bind ({@code host:}, default {@code 127.0.0.1}: reachable from the machine only
 *              unless an operator opens it)
 * @param port  the port ({@code port:}, default 9090, 0..65535; 0 picks any free port, for tests)
 * @param token the bearer token every {@code /admin/**} call must present ({@code token:}, required, at least 16
 *              characters; write {@code "${STRANGLER_ADMIN_TOKEN}"} to keep it out of the file). Never printed by
 *              {@link #toString()}
 */
public record AdminConfig(String host, int port, String token) {

    public AdminConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "AdminConfig[host=" + host + ", port=" + port + ", token=***]";
    }
}
