package dev.strangler.config;

import java.util.Map;
import java.util.Objects;

/**
 * A PostgreSQL connection address as written in configuration:
 * {@code postgresql://user:password@host:port/database?param=value}.
 *
 * <p>{@link #toString()} never shows the password, so the record is safe in logs and error messages.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password,
                          Map<String, String> parameters) {

    public DatabaseUrl {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    }

    @Override
    public String toString() {
        return "postgresql://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@")
                + host + ":" + port + "/" + database;
    }
}
