package dev.strangler.migrator.engine;

import static dev.strangler.migrator.engine.Northwind.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, regression: every start logged {@code WARN ... schema "strangler" already exists, skipping}, PostgreSQL's
 * notice for the state schema's {@code CREATE ... IF NOT EXISTS}, through the PostgreSQL client's own logger. Two
 * starts on the same database log no such line; the same statement without the upgrade's setting does, through the
 * same logger and capture, so the capture is shown to see it.
 */
@ExtendWith(PostgresExtension.class)
class QuietStartTest {

    @Test
    void secondStartOnTheSameDatabase_logsNoAlreadyExistsNotice(@Postgres("legacy") TestDatabase legacy,
                                                                @Postgres("modern") TestDatabase modern)
            throws Exception {
        Northwind.createSchemas(legacy, modern);
        MigrationPlan plan = Northwind.plan(legacy, modern);
        MigratorSettings settings = MigratorSettings.defaults(plan).withExtensions(List.of());
        Vertx vertx = Vertx.vertx();
        PrintStream console = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String starts;
        String control;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            Northwind.start(vertx, plan, settings).close();
            Northwind.start(vertx, plan, settings).close();
            starts = log.toString(StandardCharsets.UTF_8);
            PgConnection connection = await(PgConnection.connect(vertx, PgConnectOptions.fromUri(modern.uri())));
            try {
                await(connection.query("CREATE SCHEMA IF NOT EXISTS strangler").execute());
            } finally {
                await(connection.close());
            }
            control = log.toString(StandardCharsets.UTF_8).substring(starts.length());
        } finally {
            System.setErr(console);
            await(vertx.close());
        }

        assertThat(starts).doesNotContain("already exists");
        assertThat(control).as("the capture sees the client's notices").contains("WARN")
                .contains("schema \"strangler\" already exists, skipping");
    }
}
