package dev.strangler.demo;

import dev.strangler.demo.legacy.LegacyApp;
import dev.strangler.demo.legacy.NorthwindDatabase;
import dev.strangler.demo.modern.ModernApp;
import dev.strangler.demo.modern.ModernDatabase;
import dev.strangler.demo.web.RunningApp;
import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Everything {@code strangler demo} runs, started in order and stopped in reverse: an embedded PostgreSQL, the
 * legacy Northwind database (loaded and patched on first use), the empty modern database, and both sample
 * applications. It exposes the database addresses and the application URLs so that whoever starts it (the demo
 * command, a test, the proxy's wiring) can put a proxy in front.
 */
public final class DemoStack implements AutoCloseable {

    /**
     * How to start the stack.
     *
     * @param dataDirectory where PostgreSQL keeps its files between runs; null for a temporary directory that is
     *                      deleted on close
     * @param legacyPort    the legacy application's port, 0 for any free port
     * @param modernPort    the modern application's port, 0 for any free port
     * @param logicalDecoding whether PostgreSQL runs with {@code wal_level=logical}, for {@code strangler sync}
     */
    public record Options(Path dataDirectory, int legacyPort, int modernPort, boolean logicalDecoding) {

        public Options(Path dataDirectory, int legacyPort, int modernPort) {
            this(dataDirectory, legacyPort, modernPort, false);
        }
    }

    private final EmbeddedPostgres postgres;
    private final Vertx vertx;
    private final DatabaseAddress legacyDatabase;
    private final DatabaseAddress modernDatabase;
    private final RunningApp legacyApp;
    private final RunningApp modernApp;

    private DemoStack(EmbeddedPostgres postgres, Vertx vertx, DatabaseAddress legacyDatabase,
                      DatabaseAddress modernDatabase, RunningApp legacyApp, RunningApp modernApp) {
        this.postgres = postgres;
        this.vertx = vertx;
        this.legacyDatabase = legacyDatabase;
        this.modernDatabase = modernDatabase;
        this.legacyApp = legacyApp;
        this.modernApp = modernApp;
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public static DemoStack start(Options options) throws IOException, SQLException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60));
        if (options.logicalDecoding()) {
            builder.setServerConfig("wal_level", "logical").setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10");
        }
        if (options.dataDirectory() != null) {
            builder.setDataDirectory(options.dataDirectory()).setCleanDataDirectory(false);
        }
        EmbeddedPostgres postgres = builder.start();
        Vertx vertx = null;
        try {
            DatabaseAddress server = new DatabaseAddress("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
            DatabaseAddress legacy = server.withDatabase("northwind");
            DatabaseAddress modern = server.withDatabase("modern");
            prepare(server, legacy, modern);
            vertx = Vertx.vertx();
            RunningApp legacyApp = LegacyApp.start(vertx, legacy.pool(vertx, 8), options.legacyPort()).await();
            RunningApp modernApp = ModernApp.start(vertx, modern.pool(vertx, 8), options.modernPort()).await();
            return new DemoStack(postgres, vertx, legacy, modern, legacyApp, modernApp);
        } catch (SQLException | RuntimeException e) {
            if (vertx != null) {
                vertx.close().await();
            }
            postgres.close();
            throw e;
        }
    }

    /** Creates and fills the databases that are not there yet, so a kept data directory is reused as it is. */
    private static void prepare(DatabaseAddress server, DatabaseAddress legacy, DatabaseAddress modern)
            throws SQLException {
        try (Connection admin = server.connect(); Statement statement = admin.createStatement()) {
            for (DatabaseAddress database : new DatabaseAddress[] {legacy, modern}) {
                try (ResultSet exists = statement.executeQuery(
                        "SELECT 1 FROM pg_database WHERE datname = '" + database.database() + "'")) {
                    if (!exists.next()) {
                        statement.execute("CREATE DATABASE " + database.database());
                    }
                }
            }
        }
        try (Connection connection = legacy.connect()) {
            if (!hasTable(connection, "customers")) {
                NorthwindDatabase.load(connection);
            }
        }
        try (Connection connection = modern.connect()) {
            if (!hasTable(connection, "customer")) {
                ModernDatabase.create(connection);
            }
        }
    }

    private static boolean hasTable(Connection connection, String table) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, "public", table, null)) {
            return tables.next();
        }
    }

    public DatabaseAddress legacyDatabase() {
        return legacyDatabase;
    }

    public DatabaseAddress modernDatabase() {
        return modernDatabase;
    }

    public RunningApp legacyApp() {
        return legacyApp;
    }

    public RunningApp modernApp() {
        return modernApp;
    }

    /** The Vert.x instance the applications run on, for whatever else the demo starts beside them. */
    public Vertx vertx() {
        return vertx;
    }

    /** Stops the applications, then PostgreSQL. */
    @Override
    public void close() throws IOException {
        try {
            vertx.close().await();
        } finally {
            postgres.close();
        }
    }
}
