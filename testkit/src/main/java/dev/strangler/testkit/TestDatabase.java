package dev.strangler.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A fresh, empty database on a real PostgreSQL server, created for one test class.
 *
 * @param host     the server's host
 * @param port     the server's port
 * @param database the database's name, unique on the server
 * @param user     a role that owns the database
 * @param password that role's password, or empty when the server trusts local connections
 */
public record TestDatabase(String host, int port, String database, String user, String password) {

    /** The address in the form {@code strangler.yaml} takes: {@code postgresql://user:password@host:port/db}. */
    public String uri() {
        String credentials = URLEncoder.encode(user, StandardCharsets.UTF_8)
                + (password.isEmpty() ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8));
        return "postgresql://" + credentials + "@" + host + ":" + port + "/" + database;
    }

    /** The address for JDBC, credentials included. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database
                + "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + (password.isEmpty() ? "" : "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8));
    }

    /** Runs one SQL statement, for setting up data in tests. */
    public void execute(String sql) {
        try (Connection connection = connect(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of a query, such as a {@code count(*)}, for inspecting data in tests. */
    public long count(String sql) {
        try (Connection connection = connect(); java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException(sql + ": no row");
            }
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** A new JDBC connection, for setting up and inspecting data in tests. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }
}
