package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.Reports;
import dev.strangler.migrator.state.OperationalQueries;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12, window 8: listing and counting every user is operational work over the whole table, not a migration
 * statement; it must not be cut off by {@code statement_timeout = migration.timeout}. The users query here takes
 * at least 1.2 s in the database (0.1 s per customer) against a 300 ms migration statement timeout.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationalTimeoutTest {

    private static final String SLOW_USERS = "SELECT customer_id FROM customers"
            + " CROSS JOIN LATERAL pg_sleep(0.1 + 0 * length(customer_id)) AS slow ORDER BY customer_id";

    private Vertx vertx;
    private Migrator migrator;
    private TestDatabase legacy;

    @BeforeAll
    void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        this.legacy = legacy;
        Northwind.createSchemas(legacy, modern);
        vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy.uri(), modern.uri(), Duration.ofSeconds(5),
                Map.of("USERS_QUERY", SLOW_USERS));
        migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withInstanceId("operational")
                .withStatementTimeout(Duration.ofMillis(300)).withExtensions(List.of()));
    }

    @AfterAll
    void stop() {
        migrator.close();
        await(vertx.close());
    }

    @Test
    void legacyUsers_outlastTheMigrationStatementTimeout() {
        List<String> users = await(migrator.reports().legacyUsers());

        assertThat(users).hasSize(12).startsWith("ALFKI", "ANATR").isSorted();
    }

    @Test
    void legacyUsers_streamInChunks() {
        List<Integer> chunks = new ArrayList<>();

        Pool pool = PgBuilder.pool().connectingTo(legacy.uri()).using(vertx).build();
        long listed = await(new OperationalQueries(pool, Duration.ofMinutes(1)).stream(SLOW_USERS, 5, rows -> {
            chunks.add(rows.size());
            return Future.succeededFuture();
        }).eventually(pool::close));

        assertThat(listed).isEqualTo(12);
        assertThat(chunks).containsExactly(5, 5, 2);
    }

    @Test
    void statusCountsLegacyUsers_outlastingTheMigrationStatementTimeout() {
        Reports.StatusReport status = await(migrator.reports().status(Clock.systemUTC()));

        assertThat(status.legacyUsers()).isEqualTo(12);
    }
}
