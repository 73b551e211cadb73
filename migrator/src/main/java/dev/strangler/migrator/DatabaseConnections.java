package dev.strangler.migrator;

import dev.strangler.config.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLConnection;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.SqlConnectOptions;
import io.vertx.sqlclient.SqlConnection;

/**
 * The one mapping from a configured database URL to a client's connect options, for the migrator's pools and for a
 * process's own connections to the same databases (the proxy's control channel and readiness probe). A PostgreSQL
 * address's {@code ?sslmode=} sets TLS; its other parameters ({@code search_path}, ...) are passed to the server in
 * the start-up packet. A MySQL or MariaDB address (a legacy database only) takes {@code ?sslmode=} (disabled,
 * preferred, required, verify_ca, verify_identity), {@code charset} and {@code collation}.
 */
public final class DatabaseConnections {

    private DatabaseConnections() {
    }

    /**
     * The options of either client for {@code url}: PostgreSQL's ({@link #options}) or MySQL's
     * ({@link #mysqlOptions}), by the address's kind.
     */
    public static SqlConnectOptions connectOptions(DatabaseUrl url, String applicationName) {
        return url.kind() == DatabaseUrl.Kind.MYSQL ? mysqlOptions(url, applicationName)
                : options(url, applicationName);
    }

    /**
     * One connection to {@code url} with the client of its kind (PostgreSQL's or MySQL's), for a command's own reads
     * such as {@code plan init}'s catalogue.
     */
    public static Future<SqlConnection> connect(Vertx vertx, DatabaseUrl url, String applicationName) {
        if (url.kind() == DatabaseUrl.Kind.MYSQL) {
            return MySQLConnection.connect(vertx, mysqlOptions(url, applicationName))
                    .map(connection -> (SqlConnection) connection);
        }
        return PgConnection.connect(vertx, options(url, applicationName)).map(connection -> (SqlConnection) connection);
    }

    /**
     * Host, port, database, credentials, TLS and parameters of a MySQL or MariaDB {@code url}, tagged with
     * {@code applicationName} (the {@code program_name} connection attribute).
     *
     * @throws IllegalArgumentException for a PostgreSQL address or a parameter MySQL's client does not take
     */
    public static MySQLConnectOptions mysqlOptions(DatabaseUrl url, String applicationName) {
        if (url.kind() != DatabaseUrl.Kind.MYSQL) {
            throw new IllegalArgumentException(url + " is not a MySQL or MariaDB address");
        }
        MySQLConnectOptions options = new MySQLConnectOptions().setHost(url.host()).setPort(url.port())
                .setDatabase(url.database()).setCharset("utf8mb4");
        options.addProperty("program_name", applicationName);
        url.parameters().forEach((name, value) -> {
            switch (name) {
                case "sslmode" -> options.setSslMode(io.vertx.mysqlclient.SslMode.of(value));
                case "charset" -> options.setCharset(value);
                case "collation" -> options.setCollation(value);
                default -> throw new IllegalArgumentException(url + ": parameter " + name
                        + " (expected: sslmode, charset or collation)");
            }
        });
        if (url.user() != null) {
            options.setUser(url.user());
        }
        if (url.password() != null) {
            options.setPassword(url.password());
        }
        return options;
    }

    /**
     * Host, port, database, credentials, TLS and parameters of a PostgreSQL {@code url}, tagged with
     * {@code applicationName}.
     *
     * @throws IllegalArgumentException for a MySQL address: the modern database and the state are PostgreSQL
     */
    public static PgConnectOptions options(DatabaseUrl url, String applicationName) {
        if (url.kind() != DatabaseUrl.Kind.POSTGRESQL) {
            throw new IllegalArgumentException(url + " is not a PostgreSQL address");
        }
        PgConnectOptions options = new PgConnectOptions().setHost(url.host()).setPort(url.port())
                .setDatabase(url.database());
        url.parameters().forEach((name, value) -> {
            if (!name.equals("sslmode")) {
                options.addProperty(name, value);
            }
        });
        options.addProperty("application_name", applicationName);
        String sslMode = url.parameters().get("sslmode");
        if (sslMode != null) {
            options.setSslMode(SslMode.of(sslMode));
        }
        if (url.user() != null) {
            options.setUser(url.user());
        }
        if (url.password() != null) {
            options.setPassword(url.password());
        }
        return options;
    }
}
