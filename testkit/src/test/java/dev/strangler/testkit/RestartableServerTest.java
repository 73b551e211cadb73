package dev.strangler.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class RestartableServerTest {

    @Test
    void restart_dropsSessionsAndKeepsCommittedData() throws SQLException {
        try (RestartableServer server = RestartableServer.start()) {
            TestDatabase database = server.createDatabase("restart");
            database.execute("CREATE TABLE kept (id int)");
            database.execute("INSERT INTO kept VALUES (1), (2)");
            try (Connection before = database.connect(); Statement statement = before.createStatement()) {
                server.restart();

                assertThatThrownBy(() -> statement.execute("SELECT 1")).isInstanceOf(SQLException.class);
            }
            assertThat(database.count("SELECT count(*) FROM kept")).isEqualTo(2);
            assertThat(server.description()).contains("on port " + server.port());
        }
    }
}
