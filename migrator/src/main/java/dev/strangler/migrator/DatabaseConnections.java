package dev.strangler.migrator;

import dev.strangler.config.DatabaseUrl;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

/**
 * The one mapping from a configured database URL to the PostgreSQL client's connect options, for the migrator's
 * pools and for a process's own connections to the same databases (the proxy's control channel and readiness
 * probe). The address's {@code ?sslmode=} sets TLS; its other parameters ({@code search_path}, ...) are passed to
 * the server in the start-up packet.
 */
public final class DatabaseConnections {

    private DatabaseConnections() {
    }

    /** Host, port, database, credentials, TLS and parameters of {@code url}, tagged with {@code applicationName}. */
    public static PgConnectOptions options(DatabaseUrl url, String applicationName) {
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
