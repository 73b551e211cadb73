package dev.strangler.migrator.engine;

import dev.strangler.config.DatabaseUrl;
import dev.strangler.migrator.DatabaseConnections;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.legacy.MySqlLegacy;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the engine's PostgreSQL pools from configuration, on {@link DatabaseConnections}' mapping of the URL. Every
 * connection starts with {@code statement_timeout}, {@code lock_timeout} and
 * {@code idle_in_transaction_session_timeout} in its start-up packet, so no statement of the engine runs unbounded
 * and none costs an extra round trip to set them. TCP keepalive is on and connecting is bounded by
 * {@code migration.timeout}, so a database host that vanishes is noticed. A MySQL or MariaDB legacy gets
 * {@link MySqlLegacy}'s pool, whose connections set the same limits as session variables.
 */
final class DatabasePools {

    /** Numbers the pools, whose names must be unique in a Vert.x instance. */
    private static final AtomicInteger POOLS = new AtomicInteger();

    private DatabasePools() {
    }

    static Pool create(Vertx vertx, DatabaseUrl url, MigratorSettings settings, Duration connectTimeout,
                       String role) {
        if (url.kind() == DatabaseUrl.Kind.MYSQL) {
            return MySqlLegacy.pool(vertx, DatabaseConnections.mysqlOptions(url, "strangler-migrator-" + role)
                            .setCachePreparedStatements(true), poolOptions(settings, connectTimeout, role),
                    network(connectTimeout), settings.lockTimeout(), settings.statementTimeout());
        }
        PgConnectOptions connect = DatabaseConnections.options(url, "strangler-migrator-" + role)
                .setCachePreparedStatements(true)
                .addProperty("statement_timeout", Long.toString(settings.statementTimeout().toMillis()))
                .addProperty("lock_timeout", Long.toString(settings.lockTimeout().toMillis()))
                .addProperty("idle_in_transaction_session_timeout",
                        Long.toString(settings.idleInTransactionTimeout().toMillis()));
        return PgBuilder.pool().with(poolOptions(settings, connectTimeout, role)).with(network(connectTimeout))
                .connectingTo(connect).using(vertx).build();
    }

    private static PoolOptions poolOptions(MigratorSettings settings, Duration connectTimeout, String role) {
        return new PoolOptions()
                .setMaxSize(settings.poolSize())
                .setConnectionTimeout((int) Math.max(1, connectTimeout.toMillis()))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setName("strangler-" + role + "-" + POOLS.incrementAndGet());
    }

    private static NetClientOptions network(Duration connectTimeout) {
        return new NetClientOptions().setTcpKeepAlive(true)
                .setConnectTimeout((int) Math.max(1, connectTimeout.toMillis()));
    }
}
