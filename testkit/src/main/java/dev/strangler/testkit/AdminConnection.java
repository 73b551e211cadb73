package dev.strangler.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates and drops databases through a superuser connection to a server's maintenance database. Shared by every
 * kind of {@link PostgresServer}, which differ only in how the server is found or started.
 */
final class AdminConnection {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final TestDatabase maintenance;

    AdminConnection(TestDatabase maintenance) {
        this.maintenance = maintenance;
    }

    TestDatabase createDatabase(String prefix) {
        String safePrefix = prefix.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String name = "t_" + safePrefix + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
        execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        return new TestDatabase(maintenance.host(), maintenance.port(), name, maintenance.user(),
                maintenance.password());
    }

    void dropDatabase(TestDatabase database) {
        execute("DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
    }

    String serverVersion() {
        try (Connection connection = DriverManager.getConnection(maintenance.jdbcUrl())) {
            return connection.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + maintenance.host() + ":"
                    + maintenance.port() + ": " + e.getMessage(), e);
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(maintenance.jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
