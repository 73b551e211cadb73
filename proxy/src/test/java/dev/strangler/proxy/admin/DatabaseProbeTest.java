package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.DatabaseUrl;
import dev.strangler.migrator.DatabaseConnections;
import dev.strangler.proxy.ServerOptions;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Readiness follows the databases: up while both answer, down as soon as a probe finds one that does not. */
@ExtendWith(PostgresExtension.class)
class DatabaseProbeTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void bothDatabasesAnswer_instanceIsReady(@Postgres("legacy") TestDatabase legacy,
                                             @Postgres("modern") TestDatabase modern) {
        Readiness readiness = new Readiness();
        readiness.ready();

        DatabaseProbe probe = DatabaseProbe.start(vertx, options(legacy.uri()), options(modern.uri()),
                ServerOptions.probePool(), readiness,
                Duration.ofMinutes(1)).await();

        assertThat(readiness.isReady()).isTrue();
        probe.close().await();
    }

    @Test
    void legacyDoesNotAnswer_instanceIsNotReady(@Postgres("modern") TestDatabase modern) throws Exception {
        Readiness readiness = new Readiness();
        readiness.ready();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        DatabaseProbe probe = DatabaseProbe.start(vertx,
                options("postgresql://nobody@127.0.0.1:" + closedPort + "/gone"), options(modern.uri()),
                ServerOptions.probePool(), readiness,
                Duration.ofMinutes(1)).await();

        assertThat(readiness.databasesAnswer()).isFalse();
        assertThat(readiness.isReady()).isFalse();
        probe.close().await();
    }

    @Test
    void shutdownBegun_instanceIsNotReadyWhateverTheDatabasesSay() {
        Readiness readiness = new Readiness();
        readiness.ready();
        readiness.databases(true);

        readiness.draining();

        assertThat(readiness.isReady()).isFalse();
    }

    private static PgConnectOptions options(String uri) {
        return DatabaseConnections.options(DatabaseUrl.parse(uri), "strangler-test");
    }
}
