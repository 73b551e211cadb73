package dev.strangler.demo;

import dev.strangler.config.DatabaseUrl;
import dev.strangler.migrator.DatabaseConnections;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Where a demo database is, in the two forms the demo needs: a reactive pool for the sample applications, and a
 * JDBC connection for loading scripts and for {@code COPY}. Written as in {@code strangler.yaml}:
 * {@code postgresql://user:password@host:port/database}.
 */
public record DatabaseAddress(String host, int port, String database, String user, String password) {

    /**
     * Parses {@code postgresql://user:password@host:port/database} (also {@code postgres://}); the port defaults to
     * 5432, the user to {@code postgres}, the password to none. User and password may be percent-encoded.
     */
    public static DatabaseAddress parse(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("database URL: " + e.getMessage()
                    + " (expected: postgresql://user:password@host:port/database)", e);
        }
        String path = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/", "");
        if (!("postgresql".equals(parsed.getScheme()) || "postgres".equals(parsed.getScheme()))
                || parsed.getHost() == null || path.isEmpty()) {
            throw new IllegalArgumentException("database URL: " + uri.replaceAll(":[^:@/]*@", ":***@")
                    + " (expected: postgresql://user:password@host:port/database)");
        }
        String user = "postgres";
        String password = "";
        if (parsed.getRawUserInfo() != null) {
            String[] parts = parsed.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        }
        return new DatabaseAddress(parsed.getHost(), parsed.getPort() < 0 ? 5432 : parsed.getPort(), path, user,
                password);
    }

    /** The address as {@code strangler.yaml} and {@code psql} take it. */
    public String uri() {
        return "postgresql://" + encode(user) + (password.isEmpty() ? "" : ":" + encode(password)) + "@" + host + ":"
                + port + "/" + database;
    }

    /** The same server, another database on it. */
    public DatabaseAddress withDatabase(String name) {
        return new DatabaseAddress(host, port, name, user, password);
    }

    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, properties);
    }

    /**
     * A small pool of prepared-statement connections for a sample application, connecting as the migrator and the
     * proxy do ({@link DatabaseConnections}, the one mapping of an address to connect options).
     */
    public Pool pool(Vertx vertx, int maxSize) {
        PgConnectOptions options = DatabaseConnections.options(
                new DatabaseUrl(host, port, database, user, password, Map.of()), "strangler-demo-app").setCachePreparedStatements(true);
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(maxSize)).connectingTo(options).using(vertx).build();
    }

    @Override
    public String toString() {
        return "postgresql://" + user + (password.isEmpty() ? "" : ":***") + "@" + host + ":" + port + "/" + database;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
