package dev.strangler.testkit;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The MariaDB server of a test run, on which {@link MariaDbExtension} makes each test class's databases. Chosen once
 * per run, as {@link PostgresFixture} chooses PostgreSQL's:
 * <ol>
 *   <li>Testcontainers' MariaDB ({@link ContainerMariaDbServer}), when a Docker engine answers;</li>
 *   <li>else a throwaway {@code mariadbd} from Debian's {@code mariadb-server} binaries
 *       ({@link LocalMariaDbServer});</li>
 *   <li>else none: the MariaDB tests are skipped, saying why.</li>
 * </ol>
 * Either way the tests connect as {@code root} over TCP and set up data with the server's own {@code mariadb}
 * client.
 */
interface MariaDbServer extends AutoCloseable {

    String host();

    int port();

    /** The password of {@code root}; null when it has none. */
    String password();

    /** Runs SQL (one or several statements) through the {@code mariadb} client in {@code database} (null: none). */
    String client(String database, String sql);

    @Override
    void close();

    /** Which server this environment gets. */
    enum Kind {
        CONTAINER,
        LOCAL,
        NONE
    }

    /** What {@link #start()} would choose for this environment, without starting anything. */
    static Kind choose(Map<String, String> environment, BooleanSupplier dockerReachable, boolean binariesPresent) {
        if (PostgresFixture.dockerConfigured(environment) && dockerReachable.getAsBoolean()) {
            return Kind.CONTAINER;
        }
        return binariesPresent ? Kind.LOCAL : Kind.NONE;
    }

    /** Why no MariaDB server can run here, or null when one can. */
    static String unavailable() {
        return kind() == Kind.NONE ? "no Docker engine answers and " + LocalMariaDbServer.missingBinaries() : null;
    }

    /** Starts the server this environment gets. */
    static MariaDbServer start() {
        MariaDbServer server = kind() == Kind.CONTAINER ? new ContainerMariaDbServer() : LocalMariaDbServer.start();
        System.out.println("[strangler-testkit] using " + server);
        return server;
    }

    private static Kind kind() {
        return choose(System.getenv(), ContainerServer::dockerReachable, LocalMariaDbServer.missingBinaries() == null);
    }
}
