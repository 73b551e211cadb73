package dev.strangler.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresFixtureTest {

    @Test
    void choose_prefersTheExternalServerWhenItIsNamed() {
        assertThat(PostgresFixture.choose(Map.of(PostgresFixture.URL_VARIABLE, "postgresql://u@h/db"), () -> true))
                .isEqualTo(PostgresFixture.Kind.EXTERNAL);
    }

    @Test
    void choose_fallsBackToEmbeddedWithoutDocker() {
        assertThat(PostgresFixture.choose(Map.of(), () -> false)).isEqualTo(PostgresFixture.Kind.EMBEDDED);
        assertThat(PostgresFixture.choose(Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"), () -> false))
                .isEqualTo(PostgresFixture.Kind.EMBEDDED);
    }

    @Test
    void choose_usesContainersWhenAnEngineAnswers() {
        assertThat(PostgresFixture.choose(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), () -> true))
                .isEqualTo(PostgresFixture.Kind.CONTAINER);
    }

    @Test
    void embedded_givesAWorkingEmptyDatabase() throws SQLException {
        PostgresServer server = PostgresFixture.embedded();
        TestDatabase database = server.createDatabase("embedded");
        try {
            assertWorkingAndEmpty(database);
            assertThat(server.description()).startsWith("embedded PostgreSQL 17");
        } finally {
            server.dropDatabase(database);
        }
    }

    @Test
    void external_givesAFreshDatabasePerCall() throws SQLException {
        Map<String, String> environment =
                Map.of(PostgresFixture.URL_VARIABLE, PostgresFixture.embeddedSuperuserUri());
        PostgresServer server = PostgresFixture.start(environment, () -> false);
        assertThat(server.description()).startsWith("external PostgreSQL 17");

        TestDatabase first = server.createDatabase("external");
        TestDatabase second = server.createDatabase("external");
        try {
            assertThat(first.database()).isNotEqualTo(second.database());
            assertWorkingAndEmpty(first);
            try (Connection connection = first.connect(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE only_in_first (id int)");
            }
            assertWorkingAndEmpty(second);
        } finally {
            server.dropDatabase(first);
            server.dropDatabase(second);
        }
        assertThatThrownBy(first::connect).isInstanceOf(SQLException.class).hasMessageContaining("does not exist");
    }

    @Test
    void external_rejectsAnAddressThatIsNotPostgres() {
        assertThatThrownBy(() -> ExternalServer.parse("mysql://root@localhost/db"))
                .hasMessageContaining("STRANGLER_TEST_PG_URL")
                .hasMessageContaining("expected: postgresql://");
    }

    @Test
    void external_parsesEveryPartOfTheAddress() {
        TestDatabase parsed = ExternalServer.parse("jdbc:postgresql://alice:s%3Acret@db.local:6543/maint");
        assertThat(parsed).isEqualTo(new TestDatabase("db.local", 6543, "maint", "alice", "s:cret"));
        assertThat(parsed.uri()).isEqualTo("postgresql://alice:s%3Acret@db.local:6543/maint");
    }

    @Test
    void container_givesAWorkingDatabaseWhenDockerIsReachable() throws SQLException {
        assumeTrue(ContainerServer.dockerReachable(), "no Docker engine on this machine");
        PostgresServer server = PostgresFixture.start(Map.of("DOCKER_HOST", "unix:///var/run/docker.sock"),
                () -> true);
        TestDatabase database = server.createDatabase("container");
        assertWorkingAndEmpty(database);
        assertThat(server.description()).startsWith("Testcontainers PostgreSQL");
    }

    static void assertWorkingAndEmpty(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            tables.next();
            assertThat(tables.getInt(1)).as("tables in a fresh database").isZero();
            assertThat(connection.getCatalog()).isEqualTo(database.database());
        }
    }
}
