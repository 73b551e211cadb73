package dev.strangler.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Chooses, once per JVM, the real PostgreSQL server that every test of the build uses:
 * <ol>
 *   <li>the server named by {@code STRANGLER_TEST_PG_URL}, when it is set;</li>
 *   <li>else Testcontainers' PostgreSQL, when a Docker engine is reachable;</li>
 *   <li>else embedded PostgreSQL binaries from Maven Central.</li>
 * </ol>
 * Never a mock of the database, never an in-memory imitation of it.
 */
public final class PostgresFixture {

    /** The environment variable naming an external server. */
    public static final String URL_VARIABLE = "STRANGLER_TEST_PG_URL";

    private PostgresFixture() {
    }

    /** The server for this JVM, started on first use. */
    public static PostgresServer shared() {
        return Shared.SERVER;
    }

    /** The embedded server, started on first use whatever the environment says; for tests of the fixture. */
    public static PostgresServer embedded() {
        return Embedded.SERVER;
    }

    /**
     * A server with {@code wal_level=logical}, for tests of change data capture: the external server when
     * {@code STRANGLER_TEST_PG_URL} names one (it must then run with {@code wal_level=logical}), else a second
     * embedded server, started on first use only, so the other tests keep the cheaper {@code replica} level.
     */
    public static PostgresServer logicalDecoding() {
        String url = System.getenv(URL_VARIABLE);
        return url != null && !url.isBlank() ? shared() : Logical.SERVER;
    }

    /** The superuser address of the embedded server, so a test can prove the external path against it. */
    public static String embeddedSuperuserUri() {
        return Embedded.SERVER.superuserUri();
    }

    /** What {@link #shared()} would choose for this environment, without starting anything. */
    public static Kind choose(Map<String, String> environment, BooleanSupplier dockerReachable) {
        String url = environment.get(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return Kind.EXTERNAL;
        }
        if (dockerConfigured(environment) && dockerReachable.getAsBoolean()) {
            return Kind.CONTAINER;
        }
        return Kind.EMBEDDED;
    }

    /** Starts (or finds) the server of the chosen kind for this environment. */
    public static PostgresServer start(Map<String, String> environment, BooleanSupplier dockerReachable) {
        return switch (choose(environment, dockerReachable)) {
            case EXTERNAL -> new ExternalServer(environment.get(URL_VARIABLE));
            case CONTAINER -> new ContainerServer();
            case EMBEDDED -> Embedded.SERVER;
        };
    }

    /** Cheap test before asking Testcontainers, which is slow to say no when there is no engine at all. */
    static boolean dockerConfigured(Map<String, String> environment) {
        return environment.containsKey("DOCKER_HOST") || Files.exists(Path.of("/var/run/docker.sock"));
    }

    /** The three places a test database can come from. */
    public enum Kind {
        EXTERNAL,
        CONTAINER,
        EMBEDDED
    }

    private static final class Shared {
        static final PostgresServer SERVER = start(System.getenv(), ContainerServer::dockerReachable);

        static {
            System.out.println("[strangler-testkit] using " + SERVER.description());
        }
    }

    private static final class Logical {
        static final EmbeddedServer SERVER = new EmbeddedServer(Map.of("wal_level", "logical",
                "max_replication_slots", "20", "max_wal_senders", "20"));

        static {
            System.out.println("[strangler-testkit] logical decoding on " + SERVER.description());
        }
    }

    private static final class Embedded {
        static final EmbeddedServer SERVER = new EmbeddedServer();
    }
}
