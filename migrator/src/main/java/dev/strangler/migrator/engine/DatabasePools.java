package dev.strangler.migrator.engine;

import dev.strangler.config.DatabaseUrl;
import dev.strangler.migrator.MigratorSettings;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the PostgreSQL pools from configuration, the one place the client's mutable options are set. Every
 * connection starts with {@code statement_timeout}, {@code lock_timeout} and
 * {@code idle_in_transaction_session_timeout} in its start-up packet, so no statement of the engine runs unbounded
 * and none costs an extra round trip to set them. The address's {@code ?sslmode=} sets TLS; its other parameters
 * ({@code search_path}, ...) are passed to the server the same way.
 */
final class DatabasePools {

    private DatabasePools() {
    }

    static Pool create(Vertx vertx, DatabaseUrl url, MigratorSettings settings, Duration connectTimeout,
                       String role) {
        Map<String, String> properties = new HashMap<>(PgConnectOptions.DEFAULT_PROPERTIES);
        url.parameters().forEach((name, value) -> {
            if (!name.equals("sslmode")) {
                properties.put(name, value);
            }
        });
        properties.put("application_name", "strangler-migrator-" + role);
        properties.put("statement_timeout", Long.toString(settings.statementTimeout().toMillis()));
        properties.put("lock_timeout", Long.toString(settings.lockTimeout().toMillis()));
        properties.put("idle_in_transaction_session_timeout",
                Long.toString(settings.idleInTransactionTimeout().toMillis()));
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(url.host())
                .setPort(url.port())
                .setDatabase(url.database())
                .setCachePreparedStatements(true)
                .setProperties(properties);
        String sslMode = url.parameters().get("sslmode");
        if (sslMode != null) {
            connect.setSslMode(SslMode.of(sslMode));
        }
        if (url.user() != null) {
            connect.setUser(url.user());
        }
        if (url.password() != null) {
            connect.setPassword(url.password());
        }
        PoolOptions pool = new PoolOptions()
                .setMaxSize(settings.poolSize())
                .setConnectionTimeout((int) Math.max(1, connectTimeout.toMillis()))
                .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .setName("strangler-" + role + "-" + System.identityHashCode(connect));
        return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
    }
}
