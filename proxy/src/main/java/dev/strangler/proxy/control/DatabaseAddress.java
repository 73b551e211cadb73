package dev.strangler.proxy.control;

import dev.strangler.config.DatabaseUrl;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

/** Connection options of a configured database URL, for the control plane's own connections (listener, probes). */
public final class DatabaseAddress {

    private DatabaseAddress() {
    }

    /** Host, port, database, credentials and {@code sslmode} of {@code url}, tagged with {@code applicationName}. */
    public static PgConnectOptions options(DatabaseUrl url, String applicationName) {
        PgConnectOptions options = new PgConnectOptions().setHost(url.host()).setPort(url.port())
                .setDatabase(url.database());
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
