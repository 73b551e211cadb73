package dev.strangler.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh, empty database on the throwaway MariaDB server of a test run ({@link MariaDbExtension}), created for one
 * test class. Set-up and inspection go through the {@code mariadb} command-line client, the server's own.
 */
public final class MariaDbDatabase {

    private final MariaDbServer server;
    private final String database;

    MariaDbDatabase(MariaDbServer server, String database) {
        this.server = server;
        this.database = database;
    }

    /** The database's name, unique on the server. */
    public String database() {
        return database;
    }

    /** The server's host: 127.0.0.1, or the container's. */
    public String host() {
        return server.host();
    }

    /** The server's TCP port. */
    public int port() {
        return server.port();
    }

    /** The user the tests connect as. */
    public String user() {
        return "root";
    }

    /** Its password; null when it has none (the local server). */
    public String password() {
        return server.password();
    }

    /** The address in the form {@code strangler.yaml} takes: {@code mysql://root[:password]@host:port/db}. */
    public String uri() {
        return "mysql://" + user() + (password() == null ? "" : ":" + password()) + "@" + host() + ":" + port() + "/"
                + database;
    }

    /** Runs SQL (one or several statements separated by {@code ;}), for setting up data in tests. */
    public void execute(String sql) {
        server.client(database, sql);
    }

    /** Runs a SQL script from a file, such as a dump. */
    public void load(Path script) {
        try {
            server.client(database, Files.readString(script));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first column of the first row of a query, such as a {@code count(*)}. */
    public long count(String sql) {
        return Long.parseLong(value(sql));
    }

    /** The first column of the first row of a query, as the client prints it ({@code NULL} for null). */
    public String value(String sql) {
        String output = server.client(database, sql).strip();
        if (output.isEmpty()) {
            throw new IllegalStateException(sql + ": no row");
        }
        String first = output.lines().findFirst().orElseThrow();
        int tab = first.indexOf('\t');
        return tab < 0 ? first : first.substring(0, tab);
    }

    @Override
    public String toString() {
        return uri();
    }
}
