package dev.strangler.demo.legacy;

import dev.strangler.demo.DatabaseAddress;
import dev.strangler.demo.web.RunningApp;
import dev.strangler.demo.web.SampleApp;
import dev.strangler.demo.web.SampleSystem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;

/**
 * The sample legacy application: the Northwind shop's customer pages and JSON API, over the Northwind database as
 * it is (see {@link SampleApp} for the URL surface).
 *
 * <p>Run alone: {@code java -cp dist/target/strangler.jar dev.strangler.demo.legacy.LegacyApp DATABASE_URL [PORT]}
 * with {@code DATABASE_URL} like {@code postgresql://postgres@127.0.0.1:5432/northwind} and {@code PORT} 8081 by
 * default. An empty database is loaded with Northwind and the legacy patch first.
 */
public final class LegacyApp {

    private LegacyApp() {
    }

    /** Starts the legacy application on {@code port} (0 for any free port) over a Northwind database. */
    public static Future<RunningApp> start(Vertx vertx, Pool pool, int port) {
        return start(vertx, pool, port, Clock.systemDefaultZone());
    }

    /** As {@link #start(Vertx, Pool, int)}, with the clock that dates new orders. */
    public static Future<RunningApp> start(Vertx vertx, Pool pool, int port, Clock clock) {
        return SampleApp.start(vertx, SampleSystem.LEGACY, new LegacyCustomerStore(pool, clock), port);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: LegacyApp DATABASE_URL [PORT]   (DATABASE_URL: postgresql://user@host:port/db)");
            System.exit(2);
        }
        DatabaseAddress database = DatabaseAddress.parse(args[0]);
        try (Connection connection = database.connect();
             ResultSet tables = connection.getMetaData().getTables(null, "public", "customers", null)) {
            if (!tables.next()) {
                NorthwindDatabase.load(connection);
            }
        }
        Vertx vertx = Vertx.vertx();
        RunningApp app = start(vertx, database.pool(vertx, 8), args.length > 1 ? Integer.parseInt(args[1]) : 8081)
                .await();
        System.out.println("Legacy Northwind on " + app.url() + " (database " + database + ")");
    }
}
