package dev.strangler.demo.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.demo.SqlScript;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class NorthwindDatabaseTest {

    @Test
    void load_createsNorthwindWithTheCleanedMark(@Postgres("legacy") TestDatabase legacy) throws SQLException {
        try (Connection connection = legacy.connect()) {
            NorthwindDatabase.load(connection);

            assertThat(count(connection, "customers")).isEqualTo(91);
            assertThat(count(connection, "orders")).isEqualTo(830);
            assertThat(count(connection, "order_details")).isEqualTo(2155);
            assertThat(count(connection, "products")).isEqualTo(77);
            assertThat(count(connection, "customers WHERE migrated_at IS NULL")).isEqualTo(91);
            NorthwindDatabase.patch(connection);
            assertThat(count(connection, "customers WHERE migrated_at IS NULL")).isEqualTo(91);
        }
    }

    @Test
    void run_failingStatement_rollsBackAndNamesTheLine(@Postgres("broken") TestDatabase broken) throws SQLException {
        SqlScript script = SqlScript.parse("broken.sql", "CREATE TABLE t (x int);\n\nINSERT INTO t VALUES ('no');\n");
        try (Connection connection = broken.connect()) {
            assertThatThrownBy(() -> SqlScript.run(connection, script))
                    .isInstanceOf(SQLException.class).hasMessageStartingWith("broken.sql:3: ");
            try (ResultSet tables = connection.getMetaData().getTables(null, "public", "t", null)) {
                assertThat(tables.next()).as("table t rolled back").isFalse();
            }
        }
    }

    private static long count(Connection connection, String from) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + from)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
