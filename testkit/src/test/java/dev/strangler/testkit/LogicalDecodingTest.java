package dev.strangler.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class LogicalDecodingTest {

    @Test
    void askedFor_databaseIsOnAServerWithLogicalDecoding(@Postgres(value = "cdc", logicalDecoding = true)
                                                         TestDatabase cdc) throws SQLException {
        assertThat(walLevel(cdc)).isEqualTo("logical");
        cdc.execute("SELECT pg_create_logical_replication_slot('logical_decoding_test', 'pgoutput')");
        cdc.execute("SELECT pg_drop_replication_slot('logical_decoding_test')");
    }

    @Test
    void notAskedFor_databaseStaysOnTheSharedServer(@Postgres("plain") TestDatabase plain) throws SQLException {
        assertThat(walLevel(plain)).isNotEqualTo("logical");
    }

    private static String walLevel(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW wal_level")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
