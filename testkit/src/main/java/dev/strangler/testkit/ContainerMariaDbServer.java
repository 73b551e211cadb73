package dev.strangler.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * MariaDB in a Docker container through Testcontainers' {@code mariadb} module, started once per test run when an
 * engine answers: the same server options as {@link LocalMariaDbServer}'s, {@code root} with the container's
 * password, set-up SQL through the {@code mariadb} client inside the container.
 */
final class ContainerMariaDbServer implements MariaDbServer {

    private static final DockerImageName IMAGE = DockerImageName.parse("mariadb:11.4");
    /** The server's port inside the container. */
    private static final int PORT = 3306;

    private final MariaDBContainer<?> container;

    ContainerMariaDbServer() {
        container = new MariaDBContainer<>(IMAGE)
                .withCommand("--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin",
                        "--max-connections=300", "--innodb-flush-log-at-trx-commit=0", "--skip-log-bin");
        container.start();
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(PORT);
    }

    /** The container's password, which Testcontainers gives {@code root} too ({@code MYSQL_ROOT_PASSWORD}). */
    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String client(String database, String sql) {
        List<String> command = new ArrayList<>(List.of("mariadb", "--user=root", "--password=" + password(),
                "--batch", "--skip-column-names", "--raw"));
        if (database != null) {
            command.add(database);
        }
        command.add("--execute=" + sql);
        try {
            Container.ExecResult result = container.execInContainer(command.toArray(String[]::new));
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("mariadb client failed: " + result.getStderr().strip());
            }
            return result.getStdout();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "Testcontainers MariaDB (" + IMAGE + ") on " + host() + ":" + port();
    }
}
