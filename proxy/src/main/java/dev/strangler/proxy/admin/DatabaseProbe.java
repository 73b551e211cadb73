package dev.strangler.proxy.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;

/**
 * Asks both databases {@code SELECT 1} every {@code every}, on one connection each, and tells {@link Readiness}.
 * Probing on a timer rather than per {@code /health/ready} call keeps a flood of probes off the databases.
 */
public final class DatabaseProbe {

    private final Vertx vertx;
    private final Pool legacy;
    private final Pool modern;
    private final Readiness readiness;
    private final long timer;

    private DatabaseProbe(Vertx vertx, SqlConnectOptions legacy, SqlConnectOptions modern, PoolOptions pool,
                          Readiness readiness, Duration every) {
        this.vertx = vertx;
        this.legacy = pool(vertx, legacy, pool);
        this.modern = pool(vertx, modern, pool);
        this.readiness = readiness;
        this.timer = vertx.setPeriodic(every.toMillis(), id -> probe());
    }

    /**
     * Probes once now (the future completes when it is known) and then every {@code every}, on a pool of
     * {@code pool} to each database.
     */
    public static Future<DatabaseProbe> start(Vertx vertx, SqlConnectOptions legacy, SqlConnectOptions modern,
                                              PoolOptions pool, Readiness readiness, Duration every) {
        DatabaseProbe probe = new DatabaseProbe(vertx, legacy, modern, pool, readiness, every);
        return probe.probe().map(probe);
    }

    private Future<Boolean> probe() {
        Future<Boolean> legacyUp = answers(legacy);
        Future<Boolean> modernUp = answers(modern);
        return Future.join(legacyUp, modernUp).map(both -> {
            boolean up = legacyUp.result() && modernUp.result();
            readiness.databases(up);
            return up;
        });
    }

    private static Future<Boolean> answers(Pool database) {
        return database.query("SELECT 1").execute().map(true).otherwise(false);
    }

    /** The client is the one of the options' kind (a MySQL or MariaDB legacy has MySQL's). */
    private static Pool pool(Vertx vertx, SqlConnectOptions options, PoolOptions pool) {
        return Pool.pool(vertx, options, pool);
    }

    public Future<Void> close() {
        vertx.cancelTimer(timer);
        return Future.join(legacy.close(), modern.close()).mapEmpty();
    }
}
