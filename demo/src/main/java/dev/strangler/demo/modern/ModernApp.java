package dev.strangler.demo.modern;

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
 * The sample modern application: the same customer pages and JSON API as the legacy one (see {@link SampleApp}),
 * with its own look, over the modern schema. It knows only the customers migrated into it.
 *
 * <p>Run alone: {@code java -cp dist/target/strangler.jar dev.strangler.demo.modern.ModernApp DATABASE_URL [PORT]}
 * with {@code PORT} 8082 by default. An empty database gets the modern schema and reference data first.
 */
public final class ModernApp {

    private ModernApp() {
    }

    /** Starts the modern application on {@code port} (0 for any free port) over a modern database. */
    public static Future<RunningApp> start(Vertx vertx, Pool pool, int port) {
        return start(vertx, pool, port, Clock.systemDefaultZone());
    }

    /** As {@link #start(Vertx, Pool, int)}, with the clock that dates new orders. */
    public static Future<RunningApp> start(Vertx vertx, Pool pool, int port, Clock clock) {
        return SampleApp.start(vertx, SampleSystem.MODERN, new ModernCustomerStore(pool, clock), port);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ModernApp DATABASE_URL [PORT]   (DATABASE_URL: postgresql://user@host:port/db)");
            System.exit(2);
        }
        DatabaseAddress database = DatabaseAddress.parse(args[0]);
        try (Connection connection = database.connect();
             ResultSet tables = connection.getMetaData().getTables(null, "public", "customer", null)) {
            if (!tables.next()) {
                ModernDatabase.create(connection);
            }
        }
        Vertx vertx = Vertx.vertx();
        RunningApp app = start(vertx, database.pool(vertx, 8), args.length > 1 ? Integer.parseInt(args[1]) : 8082)
                .await();
        System.out.println("Modern Northwind on " + app.url() + " (database " + database + ")");
    }
}
