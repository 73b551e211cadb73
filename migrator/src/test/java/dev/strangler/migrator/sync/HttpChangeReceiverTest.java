package dev.strangler.migrator.sync;

import static dev.strangler.migrator.engine.Northwind.await;
import static dev.strangler.migrator.engine.Northwind.count;
import static dev.strangler.migrator.engine.Northwind.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Coexistence.ChangeSync;
import dev.strangler.migrator.Coexistence.SyncSettings;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.engine.Northwind;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code strangler sync --from http} (issue 17): the change events Debezium produces for a legacy batch job's
 * update, captured here by Debezium's own engine in the JSON a Debezium Server HTTP sink posts (one value per
 * request, without schemas, transaction metadata on), posted one by one to the receiver, reach modern once the
 * transaction's {@code END} is answered.
 */
@ExtendWith(PostgresExtension.class)
class HttpChangeReceiverTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String SLOT = "server_legacy";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void debeziumServersPostedEvents_ofALegacyTransaction_reachModern(
            @Postgres(value = "httplegacy", logicalDecoding = true) TestDatabase legacy,
            @Postgres(value = "httpmodern", logicalDecoding = true) TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        ChangeSync sync = null;
        try {
            assertThat(await(migrator.engine().ensureMigrated("ALFKI", Trigger.CLI)))
                    .isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            await().atMost(PATIENCE).until(() -> count(modern,
                    "SELECT count(*) FROM strangler.user_state WHERE cleaned_pending") == 0);
            List<String> posted = capture(plan, legacy, "UPDATE customers SET contact_name = 'Via Server'"
                    + " WHERE customer_id = 'ALFKI'");

            int port = freePort();
            sync = migrator.coexistence().receive(new SyncSettings("http_test", "http-1", Duration.ofSeconds(3),
                    user -> "everyone", Clock.systemUTC()), "127.0.0.1", port);
            await().atMost(PATIENCE).ignoreExceptions().until(() -> post(port, "legacy",
                    "{\"status\": \"BEGIN\", \"id\": \"probe\"}").statusCode() == 200);
            for (String value : posted) {
                assertThat(post(port, "legacy", value).statusCode()).as(value).isEqualTo(200);
            }

            assertThat(rows(modern, "SELECT contact FROM customer WHERE id = 'ALFKI'"))
                    .containsExactly(Map.of("contact", "Via Server"));
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ALFKI'"
                    + " AND outcome = 'CATCH_UP' AND trigger = 'sync'")).isEqualTo(1);
            assertThat(post(port, "sideways", "{}").statusCode()).isEqualTo(404);
            assertThat(post(port, "legacy", "[1, 2]").statusCode()).isEqualTo(400);
        } finally {
            if (sync != null) {
                sync.close();
                await(sync.stopped());
            }
            migrator.close();
            await(vertx.close());
        }
    }

    /**
     * Runs Debezium's engine as the sync's embedded one is configured, makes the change, and returns every event
     * value it produced up to the change's transaction's {@code END}, transaction boundaries included.
     */
    private static List<String> capture(MigrationPlan plan, TestDatabase legacy, String change) throws Exception {
        List<String> values = new CopyOnWriteArrayList<>();
        DebeziumEngine<ChangeEvent<String, String>> engine = DebeziumEngine.create(Json.class)
                .using(ChangeStream.properties(SLOT, plan.legacy(), Set.of("public.customers"), plan.modern()))
                .notifying(event -> {
                    if (event.value() != null) {
                        values.add(event.value());
                    }
                })
                .build();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        thread.execute(engine);
        try {
            await().atMost(PATIENCE).until(() -> count(legacy, "SELECT count(*) FROM pg_replication_slots"
                    + " WHERE slot_name = '" + SLOT + "' AND active") == 1);
            Northwind.run(legacy, change);
            await().atMost(PATIENCE).until(() -> values.stream().anyMatch(value -> "END".equals(
                    new JsonObject(value).getString("status"))) && values.stream().anyMatch(value -> value
                    .contains("Via Server")));
        } finally {
            engine.close();
            thread.shutdown();
        }
        await().atMost(PATIENCE).until(() -> count(legacy, "SELECT count(*) FROM pg_replication_slots"
                + " WHERE slot_name = '" + SLOT + "' AND active") == 0);
        Northwind.run(legacy, "SELECT pg_drop_replication_slot('" + SLOT + "')");
        return values;
    }

    private static HttpResponse<String> post(int port, String side, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/debezium/" + side))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
