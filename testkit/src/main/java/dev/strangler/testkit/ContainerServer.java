package dev.strangler.testkit;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** PostgreSQL in a Docker container through Testcontainers, started once per JVM when an engine is reachable. */
final class ContainerServer implements PostgresServer {

    private static final DockerImageName IMAGE = DockerImageName.parse("postgres:17-alpine");

    private final PostgreSQLContainer<?> container;
    private final AdminConnection admin;

    ContainerServer() {
        container = new PostgreSQLContainer<>(IMAGE)
                .withDatabaseName("postgres")
                .withUsername("postgres")
                .withPassword("postgres")
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off",
                        "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        container.start();
        admin = new AdminConnection(new TestDatabase(container.getHost(), container.getMappedPort(5432),
                "postgres", "postgres", "postgres"));
    }

    static boolean dockerReachable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
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
        return "Testcontainers PostgreSQL " + admin.serverVersion() + " (" + IMAGE + ")";
    }
}
