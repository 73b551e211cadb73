package dev.strangler.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionTest {

    private final TestDatabase fromConstructor;

    PostgresExtensionTest(@Postgres("legacy") TestDatabase legacy) {
        this.fromConstructor = legacy;
    }

    @Test
    void namedDatabases_areDistinctAndSharedWithinTheClass(@Postgres("legacy") TestDatabase legacy,
                                                          @Postgres("modern") TestDatabase modern)
            throws SQLException {
        assertThat(legacy).isEqualTo(fromConstructor);
        assertThat(legacy.database()).isNotEqualTo(modern.database());
        try (Connection connection = modern.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS customer (id text PRIMARY KEY)");
            statement.execute("INSERT INTO customer VALUES ('ALFKI') ON CONFLICT DO NOTHING");
        }
        PostgresFixtureTest.assertWorkingAndEmpty(legacy);
    }

    @Test
    void unnamedDatabase_isTheMainOne(TestDatabase main) throws SQLException {
        assertThat(main.database()).contains("postgresextensiontest_main");
        PostgresFixtureTest.assertWorkingAndEmpty(main);
    }
}
