package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.DatabaseUrl;
import dev.strangler.migrator.DatabaseConnections;
import dev.strangler.proxy.ServerOptions;
import dev.strangler.testkit.MariaDb;
import dev.strangler.testkit.MariaDbDatabase;
import dev.strangler.testkit.MariaDbExtension;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Readiness with a MariaDB legacy: the probe asks it with MySQL's client, not PostgreSQL's. */
@ExtendWith({MariaDbExtension.class, PostgresExtension.class})
class MySqlLegacyProbeTest {

    @Test
    void mariaDbLegacyAndPostgresModernAnswer_instanceIsReady(@MariaDb("legacy") MariaDbDatabase legacy,
                                                              @Postgres("modern") TestDatabase modern) {
        Vertx vertx = Vertx.vertx();
        try {
            Readiness readiness = new Readiness();
            readiness.ready();

            DatabaseProbe probe = DatabaseProbe.start(vertx,
                    DatabaseConnections.connectOptions(DatabaseUrl.parse(legacy.uri()), "strangler-test"),
                    DatabaseConnections.connectOptions(DatabaseUrl.parse(modern.uri()), "strangler-test"),
                    ServerOptions.probePool(), readiness, Duration.ofMinutes(1)).await();

            assertThat(readiness.databasesAnswer()).isTrue();
            assertThat(readiness.isReady()).isTrue();
            probe.close().await();
        } finally {
            vertx.close().await();
        }
    }
}
