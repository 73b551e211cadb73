package dev.strangler.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL of a test's own, which the test may stop and start again on the same port with the same
 * data: what an operator's restart of the database looks like to its clients (every connection dropped, refusals
 * while it is down, everything committed still there afterwards). Not shared: restarting the JVM's shared server
 * would break every other test class using it.
 *
 * <pre>{@code
 * try (RestartableServer server = RestartableServer.start()) {
 *     TestDatabase state = server.createDatabase("state");
 *     server.restart();
 * }
 * }</pre>
 */
public final class RestartableServer implements PostgresServer, AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;
    private AdminConnection admin;

    private RestartableServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** A new server in a temporary directory, on a free port. */
    public static RestartableServer start() {
        try (ServerSocket probe = new ServerSocket(0)) {
            RestartableServer server = new RestartableServer(
                    Files.createTempDirectory("strangler-restartable-pg"), probe.getLocalPort());
            probe.close();
            server.boot();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a restartable embedded PostgreSQL", e);
        }
    }

    private synchronized void boot() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
        admin = new AdminConnection(new TestDatabase("127.0.0.1", port, "postgres", "postgres", ""));
    }

    /** Stops the server (fast shutdown: sessions are ended, as an operator's restart ends them) and starts it. */
    public synchronized void restart() {
        try {
            postgres.close();
            boot();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart embedded PostgreSQL on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized TestDatabase createDatabase(String prefix) {
        return admin.createDatabase(prefix);
    }

    @Override
    public synchronized void dropDatabase(TestDatabase database) {
        admin.dropDatabase(database);
    }

    @Override
    public synchronized String description() {
        return "restartable embedded PostgreSQL " + admin.serverVersion() + " on port " + port;
    }

    /** Stops the server for good and deletes its data. */
    @Override
    public synchronized void close() {
        try {
            postgres.close();
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL on port " + port, e);
        }
    }
}
