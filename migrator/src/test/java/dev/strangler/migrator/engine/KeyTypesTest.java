package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.rows;
import static dev.strangler.migrator.engine.Northwind.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.migrator.Verification.UserVerification;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15, every key type, every statement: the user key arrives as text and is bound as the type each statement
 * declares for {@code $1}, in the fetch, the cleaned mark, verify, the rollback's fetch and the uncleaned mark.
 * Regression: {@code strangler rollback} of an integer key failed with "Parameter at position[0] with class =
 * [java.lang.String] and value = [1] can not be coerced".
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyTypesTest {

    private static final List<String> TYPES = List.of("text", "integer", "bigint", "uuid");

    private Vertx vertx;
    private final Map<String, Migrator> migrators = new java.util.HashMap<>();
    private TestDatabase legacy;

    @BeforeAll
    void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) {
        this.legacy = legacy;
        vertx = Vertx.vertx();
        StringBuilder legacySql = new StringBuilder();
        StringBuilder modernSql = new StringBuilder();
        for (String type : TYPES) {
            String name = type + "_users";
            legacySql.append("CREATE TABLE ").append(name).append(" (id ").append(type)
                    .append(" PRIMARY KEY, name text NOT NULL, migrated_at timestamptz);\n");
            modernSql.append("CREATE SCHEMA s_").append(type).append(";\nCREATE TABLE s_").append(type)
                    .append(".person (id ").append(type).append(" PRIMARY KEY, name text NOT NULL);\n");
        }
        run(legacy, legacySql + """
                INSERT INTO text_users VALUES ('7/12', 'composite-looking', NULL), ('ALFKI', 'text', NULL);
                INSERT INTO integer_users VALUES (1, 'integer', NULL);
                INSERT INTO bigint_users VALUES (9007199254740993, 'bigint', NULL);
                INSERT INTO uuid_users VALUES ('123e4567-e89b-12d3-a456-426614174000', 'uuid', NULL);""");
        run(modern, modernSql.toString());
        for (String type : TYPES) {
            String yaml = """
                    migration:
                      legacy: "%1$s"
                      modern: "%2$s"
                      users: "SELECT id FROM %3$s_users ORDER BY id"
                      entities:
                        - name: person
                          cardinality: one
                          key: id
                          fetch: "SELECT id, name FROM %3$s_users WHERE id = $1"
                          map: { id: row.id, name: row.name }
                          upsert: >
                            INSERT INTO s_%3$s.person (id, name) VALUES (:id, :name)
                            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name
                      cleaned: "UPDATE %3$s_users SET migrated_at = now() WHERE id = $1"
                      rollback:
                        - fetch: "SELECT id, name FROM s_%3$s.person WHERE id = $1"
                          apply: "UPDATE %3$s_users SET name = :name WHERE id = :id"
                      uncleaned: "UPDATE %3$s_users SET migrated_at = NULL WHERE id = $1"
                    """.formatted(legacy.uri(), modern.uri(), type);
            MigrationPlan plan = ConfigLoader.parseMigrationPlan("plan.yaml", yaml, Map.of()).orElseThrow();
            migrators.put(type, Northwind.start(vertx, plan, Northwind.immediateMarks(plan)
                    .withExtensions(List.of())));
        }
    }

    @AfterAll
    void stop() {
        migrators.values().forEach(Migrator::close);
        await(vertx.close());
    }

    @ParameterizedTest(name = "{0} key {1}")
    @CsvSource({
        "text,    ALFKI",
        "text,    7/12",
        "integer, 1",
        "bigint,  9007199254740993",
        "uuid,    123e4567-e89b-12d3-a456-426614174000",
    })
    void everyStatement_bindsTheKeyAsItsDeclaredType(String type, String key) {
        Migrator migrator = migrators.get(type);
        String table = type + "_users";

        MigrationEngine.Outcome migrated = await(migrator.migrate(key, Trigger.CLI, false));
        assertThat(migrated).as(migrated.toString()).isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        assertThat(rows(legacy, "SELECT migrated_at IS NOT NULL AS cleaned FROM " + table + " WHERE id::text = '"
                + key + "'")).containsExactly(Map.of("cleaned", true));
        UserVerification verified = await(migrator.verification().verify(key));
        assertThat(verified.clean()).as(verified.toString()).isTrue();

        Rollbacks.Outcome rolledBack = await(migrator.rollback(key, Trigger.CLI));

        assertThat(rolledBack).as(rolledBack.toString()).isInstanceOf(Rollbacks.Outcome.RolledBack.class);
        assertThat(rows(legacy, "SELECT migrated_at IS NULL AS uncleaned FROM " + table + " WHERE id::text = '"
                + key + "'")).containsExactly(Map.of("uncleaned", true));
    }
}
