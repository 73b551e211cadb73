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
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code strangler sync --from http} (issue 17): the change events Debezium produces for a legacy batch job's
 * update, captured here by Debezium's own engine in the JSON a Debezium Server HTTP sink posts (one value per
 * request, transaction metadata on), posted one by one to the receiver, reach modern; each is kept in the state
 * database's inbox before it is answered, so a receiver stopped after the answers and before the apply loses
 * nothing. What Kafka Connect's Debezium connector writes to its topics is the same JSON with the JsonConverter's
 * {@code schema}/{@code payload} envelope, and a Kafka Connect HTTP sink may post a transaction's {@code END} before
 * its events (Kafka orders each topic, not the table and transaction topics together): both are applied. No Kafka
 * broker, Kafka Connect or HTTP sink connector runs here; the envelopes are the converter's own output.
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
                    + " WHERE customer_id = 'ALFKI'", false);

            int port = freePort();
            sync = migrator.coexistence().receive(new SyncSettings("http_test", "http-1", Duration.ofSeconds(3),
                    user -> "everyone", Clock.systemUTC()), "127.0.0.1", port);
            awaitListening(port);
            for (String value : posted) {
                assertThat(post(port, "legacy", value).statusCode()).as(value).isEqualTo(200);
            }

            await().atMost(PATIENCE).until(() -> rows(modern, "SELECT contact FROM customer WHERE id = 'ALFKI'")
                    .equals(List.of(Map.of("contact", "Via Server"))));
            await().atMost(PATIENCE).until(() -> count(modern, "SELECT count(*) FROM strangler.sync_inbox") == 0);
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ALFKI'"
                    + " AND outcome = 'CATCH_UP' AND trigger = 'sync'")).isEqualTo(1);
            assertThat(post(port, "sideways", "{}").statusCode()).isEqualTo(404);
            assertThat(post(port, "legacy", "[1, 2]").statusCode()).isEqualTo(400);
            assertThat(post(port, "legacy", "{\"op\": \"u\", \"after\": {}}").statusCode()).as("no transaction")
                    .isEqualTo(400);
        } finally {
            if (sync != null) {
                sync.close();
                await(sync.stopped());
            }
            migrator.close();
            await(vertx.close());
        }
    }

    @Test
    void aTransactionAcknowledged_butNotApplied_whenTheReceiverStopped_isAppliedOnceAfterTheRestart(
            @Postgres(value = "inboxlegacy", logicalDecoding = true) TestDatabase legacy,
            @Postgres(value = "inboxmodern", logicalDecoding = true) TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        Pool state = PgBuilder.pool().connectingTo(modern.uri()).using(vertx).build();
        ChangeSync sync = null;
        try {
            assertThat(await(migrator.engine().ensureMigrated("ALFKI", Trigger.CLI)))
                    .isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            await().atMost(PATIENCE).until(() -> count(modern,
                    "SELECT count(*) FROM strangler.user_state WHERE cleaned_pending") == 0);
            List<String> posted = capture(plan, legacy, "UPDATE customers SET contact_name = 'Via Server'"
                    + " WHERE customer_id = 'ALFKI'", false);
            CountDownLatch applying = new CountDownLatch(1);
            ChangeStream.Sink stopsBeforeTheApply = transaction -> {
                applying.countDown();
                throw new InterruptedException("the process stops after the answers, before the apply");
            };
            HttpChangeReceiver first = new HttpChangeReceiver(vertx, new SyncInbox(state, "http_inbox"),
                    Map.of("legacy", stopsBeforeTheApply, "modern", stopsBeforeTheApply));
            int firstPort = await(first.listen("127.0.0.1", 0));
            for (String value : posted) {
                assertThat(post(firstPort, "legacy", value).statusCode()).as(value).isEqualTo(200);
            }
            assertThat(applying.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            await(first.stop());
            assertThat(rows(modern, "SELECT contact FROM customer WHERE id = 'ALFKI'"))
                    .doesNotContain(Map.of("contact", "Via Server"));
            assertThat(count(modern, "SELECT count(*) FROM strangler.sync_inbox")).isPositive();

            int port = freePort();
            sync = migrator.coexistence().receive(new SyncSettings("http_inbox", "http-2", Duration.ofSeconds(3),
                    user -> "everyone", Clock.systemUTC()), "127.0.0.1", port);
            await().atMost(PATIENCE).until(() -> rows(modern, "SELECT contact FROM customer WHERE id = 'ALFKI'")
                    .equals(List.of(Map.of("contact", "Via Server"))));
            await().atMost(PATIENCE).until(() -> count(modern, "SELECT count(*) FROM strangler.sync_inbox") == 0);
            awaitListening(port);
            for (String value : posted) {
                assertThat(post(port, "legacy", value).statusCode()).as("posted again: " + value).isEqualTo(200);
            }

            assertThat(count(modern, "SELECT count(*) FROM strangler.sync_inbox")).as("a retried post of an applied"
                    + " transaction is not stored again").isZero();
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ALFKI'"
                    + " AND outcome = 'CATCH_UP' AND trigger = 'sync'")).isEqualTo(1);
        } finally {
            if (sync != null) {
                sync.close();
                await(sync.stopped());
            }
            await(state.close());
            migrator.close();
            await(vertx.close());
        }
    }

    @Test
    void kafkaConnectsEnvelopes_withSchemas_andTheEndPostedBeforeItsEvents_reachModern(
            @Postgres(value = "kafkalegacy", logicalDecoding = true) TestDatabase legacy,
            @Postgres(value = "kafkamodern", logicalDecoding = true) TestDatabase modern) throws Exception {
        Northwind.createSchemas(legacy, modern);
        Vertx vertx = Vertx.vertx();
        MigrationPlan plan = Northwind.plan(legacy, modern);
        Migrator migrator = Northwind.start(vertx, plan, MigratorSettings.defaults(plan).withExtensions(List.of()));
        ChangeSync sync = null;
        try {
            assertThat(await(migrator.engine().ensureMigrated("ANATR", Trigger.CLI)))
                    .isInstanceOf(MigrationEngine.Outcome.Migrated.class);
            await().atMost(PATIENCE).until(() -> count(modern,
                    "SELECT count(*) FROM strangler.user_state WHERE cleaned_pending") == 0);
            List<String> posted = new ArrayList<>(capture(plan, legacy, "UPDATE customers SET contact_name ="
                    + " 'Via Server' WHERE customer_id = 'ANATR'", true));
            assertThat(posted).allSatisfy(value -> assertThat(new JsonObject(value).fieldNames()).contains("schema",
                    "payload"));
            Collections.reverse(posted);

            int port = freePort();
            sync = migrator.coexistence().receive(new SyncSettings("http_kafka", "http-3", Duration.ofSeconds(3),
                    user -> "everyone", Clock.systemUTC()), "127.0.0.1", port);
            awaitListening(port);
            for (String value : posted) {
                assertThat(post(port, "legacy", value).statusCode()).as(value).isEqualTo(200);
            }

            await().atMost(PATIENCE).until(() -> rows(modern, "SELECT contact FROM customer WHERE id = 'ANATR'")
                    .equals(List.of(Map.of("contact", "Via Server"))));
            assertThat(count(modern, "SELECT count(*) FROM strangler.ledger WHERE user_key = 'ANATR'"
                    + " AND outcome = 'CATCH_UP' AND trigger = 'sync'")).isEqualTo(1);
        } finally {
            if (sync != null) {
                sync.close();
                await(sync.stopped());
            }
            migrator.close();
            await(vertx.close());
        }
    }

    private static void awaitListening(int port) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> post(port, "legacy",
                "{\"status\": \"BEGIN\", \"id\": \"1:1\"}").statusCode() == 200);
    }

    /**
     * Runs Debezium's engine as the sync's embedded one is configured (with the JsonConverter's schemas, as Kafka
     * Connect's default converter writes them, when {@code schemas}), makes the change, and returns every event value
     * it produced up to the change's transaction's {@code END}, transaction boundaries included.
     */
    private static List<String> capture(MigrationPlan plan, TestDatabase legacy, String change, boolean schemas)
            throws Exception {
        List<String> values = new CopyOnWriteArrayList<>();
        Properties properties = ChangeStream.properties(SLOT, plan.legacy(), Set.of("public.customers"),
                plan.modern());
        properties.setProperty("converter.schemas.enable", Boolean.toString(schemas));
        DebeziumEngine<ChangeEvent<String, String>> engine = DebeziumEngine.create(Json.class)
                .using(properties)
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
            await().atMost(PATIENCE).until(() -> values.stream().anyMatch(value -> value.contains("\"END\""))
                    && values.stream().anyMatch(value -> value.contains("Via Server")));
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
