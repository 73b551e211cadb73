package dev.strangler.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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

    /**
     * Parses {@code postgresql://user:password@host:port/database?param=value} (also {@code postgres://}); the port
     * defaults to 5432, user and password are percent-decoded.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static DatabaseUrl parse(String text) {
        String expected = " (expected: postgresql://user:password@host:5432/database)";
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(redact(text) + expected);
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
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
        return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), decode(path.substring(1)),
                user, password, parameters);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String redact(String text) {
        return text.replaceFirst("://([^:/@]*):[^@/]*@", "://$1:***@");
    }
}
