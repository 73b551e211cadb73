package dev.strangler.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A database connection address as written in configuration:
 * {@code postgresql://user:password@host:port/database?param=value}, or for a MySQL or MariaDB legacy database
 * {@code mysql://user:password@host:3306/database} (also {@code mariadb://}, {@code jdbc:mysql://},
 * {@code jdbc:mariadb://}; the {@code jdbc:} forms are accepted so an address can be copied from an application's
 * data source). The scheme sets the {@link Kind}; MySQL and MariaDB speak the same protocol, so both are
 * {@link Kind#MYSQL}.
 *
 * <p>{@link #toString()} never shows the password, so the record is safe in logs and error messages.
 */
public record DatabaseUrl(Kind kind, String host, int port, String database, String user, String password,
                          Map<String, String> parameters) {

    /** Which server the address is for, and so which client and SQL dialect. */
    public enum Kind {
        POSTGRESQL("postgresql", 5432),
        MYSQL("mysql", 3306);

        private final String scheme;
        private final int defaultPort;

        Kind(String scheme, int defaultPort) {
            this.scheme = scheme;
            this.defaultPort = defaultPort;
        }

        /** The scheme this kind is written with in {@link #toString()}. */
        public String scheme() {
            return scheme;
        }

        /** The port an address without one connects to. */
        public int defaultPort() {
            return defaultPort;
        }
    }

    public DatabaseUrl {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    }

    /** A PostgreSQL address. */
    public DatabaseUrl(String host, int port, String database, String user, String password,
                       Map<String, String> parameters) {
        this(Kind.POSTGRESQL, host, port, database, user, password, parameters);
    }

    @Override
    public String toString() {
        return kind.scheme() + "://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@")
                + host + ":" + port + "/" + database;
    }

    /**
     * Parses {@code postgresql://user:password@host:port/database?param=value} (also {@code postgres://},
     * {@code jdbc:postgresql://}) and {@code mysql://...} (also {@code mariadb://}, {@code jdbc:mysql://},
     * {@code jdbc:mariadb://}); the port defaults to 5432 or 3306, user and password are percent-decoded.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static DatabaseUrl parse(String text) {
        String expected = " (expected: postgresql://user:password@host:5432/database, or for a MySQL or MariaDB"
                + " legacy mysql://user:password@host:3306/database)";
        URI uri;
        try {
            String trimmed = text.trim();
            uri = new URI(trimmed.startsWith("jdbc:") ? trimmed.substring("jdbc:".length()) : trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(redact(text) + expected);
        }
        String scheme = uri.getScheme();
        Kind kind;
        if ("postgresql".equals(scheme) || "postgres".equals(scheme)) {
            kind = Kind.POSTGRESQL;
        } else if ("mysql".equals(scheme) || "mariadb".equals(scheme)) {
            kind = Kind.MYSQL;
        } else {
            throw new IllegalArgumentException(redact(text) + expected);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(redact(text) + ": no host" + expected);
        }
        String path = uri.getRawPath();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException(redact(text) + ": no database" + expected);
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (!pair.isEmpty()) {
                    String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                    parameters.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
        }
        return new DatabaseUrl(kind, uri.getHost(), uri.getPort() < 0 ? kind.defaultPort() : uri.getPort(),
                decode(path.substring(1)), user, password, parameters);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String redact(String text) {
        return text.replaceFirst("://([^:/@]*):[^@/]*@", "://$1:***@");
    }
}
