package dev.strangler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.migrator.Coexistence.ChangeSync;
import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.SyncSettings;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coexistence end to end through the sample apps (issue 17), with {@code strangler sync}'s Debezium capture on the
 * demo's PostgreSQL run with {@code wal_level=logical}: a legacy batch job's changes to a migrated customer show in
 * the modern app; the customer's own changes in modern reach legacy once the cohort coexists, and verify is clean;
 * changes on both sides while the sync is down keep the owner's (modern's) value and record the conflict.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoCoexistenceTest {

    private static final String USER = "FRANK";
    private static final String COHORT = "pilots";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path folder;

    private static DemoStack stack;
    private static DemoProxy proxy;
    private static Vertx vertx;
    private static WebClient client;
    private static ChangeSync sync;

    @BeforeAll
    static void start() throws Exception {
        stack = DemoStack.start(new DemoStack.Options(null, 0, 0, true));
        proxy = DemoProxy.start(stack, folder.resolve("config"), 0, 0);
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
        // The demo plan's 2 s timeout can pass on a loaded machine: a timed-out attempt writes nothing, try again.
        await().atMost(PATIENCE).until(() -> proxy.migrator().engine().migrate(USER, Trigger.CLI, false).await(),
                outcome -> outcome instanceof MigrationEngine.Outcome.Migrated
                        || outcome instanceof MigrationEngine.Outcome.AlreadyMigrated);
        sync = startSync("demo-1");
    }

    private static ChangeSync startSync(String instance) {
        ChangeSync started = proxy.migrator().coexistence().start(new SyncSettings("demo_sync", instance,
                Duration.ofSeconds(3), user -> COHORT, Clock.systemUTC()));
        await().atMost(PATIENCE).until(started::active);
        await().atMost(PATIENCE).until(() -> scalar("SELECT count(*) FROM pg_replication_slots"
                + " WHERE slot_name LIKE 'demo_sync_%' AND active").equals("2"));
        return started;
    }

    @AfterAll
    static void stop() throws Exception {
        if (sync != null) {
            sync.close();
            sync.stopped().await();
        }
        proxy.migrator().coexistence().dropSlots("demo_sync").await();
        vertx.close().await();
        proxy.close();
        stack.close();
    }

    @Test
    @Order(1)
    void legacyBatchJob_updatesAMigratedCustomersAddressAndAddsAnOrder_modernShowsBoth() throws Exception {
        legacy("UPDATE customers SET address = 'Batch Allee 7' WHERE customer_id = '" + USER + "'");
        String orderId = scalar("INSERT INTO orders (order_id, customer_id, order_date, required_date, ship_via,"
                + " freight, ship_name, ship_address, ship_city, ship_region, ship_postal_code, ship_country)"
                + " SELECT (SELECT max(order_id) + 1 FROM orders), customer_id, DATE '1998-06-01', DATE '1998-06-15',"
                + " 1, 12.5, company_name, address, city, region, postal_code, country FROM customers"
                + " WHERE customer_id = '" + USER + "' RETURNING order_id");

        await().atMost(PATIENCE).untilAsserted(() -> {
            HttpResponse<Buffer> profile = get("/api/customers/" + USER);
            assertThat(profile.getHeader("X-Served-By")).isEqualTo("modern");
            assertThat(contact(profile).getString("street")).as(sync.status().toJson().encode())
                    .isEqualTo("Batch Allee 7");
            HttpResponse<Buffer> orders = get("/api/customers/" + USER + "/orders");
            assertThat(orders.getHeader("X-Served-By")).isEqualTo("modern");
            assertThat(orders.bodyAsString()).contains("\"id\":" + orderId);
        });
    }

    @Test
    @Order(2)
    void customerChangesDetailsInModern_legacyShowsThem_andVerifyIsClean() throws Exception {
        proxy.migrator().coexistence().stages().set(COHORT, CohortStage.COEXISTING, "test", "pilots happy").await();
        JsonObject changed = contact(get("/api/customers/" + USER)).copy().put("phone", "089-0877310")
                .put("name", "Peter Franken-Ek");

        HttpResponse<Buffer> put = client.putAbs(proxy.url() + "/api/customers/" + USER + "/contact")
                .sendJsonObject(changed).await();

        assertThat(put.getHeader("X-Served-By")).isEqualTo("modern");
        await().atMost(PATIENCE).until(() -> scalar("SELECT contact_name || '/' || phone FROM customers"
                + " WHERE customer_id = '" + USER + "'").equals("Peter Franken-Ek/089-0877310"));
        var verified = proxy.migrator().verification().verify(USER).await();
        assertThat(verified.clean()).as(verified.toText()).isTrue();
    }

    @Test
    @Order(3)
    void concurrentChangesOnBothSides_keepModernsValue_andRecordTheConflict() throws Exception {
        sync.close();
        sync.stopped().await();
        legacy("UPDATE customers SET phone = '089-0877311' WHERE customer_id = '" + USER + "'");
        JsonObject changed = contact(get("/api/customers/" + USER)).copy().put("phone", "089-0877312");
        HttpResponse<Buffer> put = client.putAbs(proxy.url() + "/api/customers/" + USER + "/contact")
                .sendJsonObject(changed).await();
        assertThat(put.statusCode()).as(put.bodyAsString()).isLessThan(300);

        sync = startSync("demo-2");

        await().atMost(PATIENCE).until(() -> scalar("SELECT phone FROM customers WHERE customer_id = '" + USER
                + "'").equals("089-0877312"));
        assertThat(contact(get("/api/customers/" + USER)).getString("phone")).isEqualTo("089-0877312");
        String conflicts = modernScalar("SELECT errors::text FROM strangler.ledger WHERE user_key = '" + USER
                + "' AND errors @> '[{\"rule\": \"conflict: modern owns the user\"}]' ORDER BY id DESC LIMIT 1");
        assertThat(conflicts).contains("phone", "089-0877312", "089-0877311");
    }

    private static JsonObject contact(HttpResponse<Buffer> profile) {
        return profile.bodyAsJsonObject().getJsonObject("customer").getJsonObject("contact");
    }

    private static HttpResponse<Buffer> get(String path) {
        return client.getAbs(proxy.url() + path).putHeader("X-User-Id", USER).send().await();
    }

    private static void legacy(String sql) throws SQLException {
        try (Connection connection = stack.legacyDatabase().connect();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String scalar(String sql) throws SQLException {
        return scalar(stack.legacyDatabase(), sql);
    }

    private static String modernScalar(String sql) throws SQLException {
        return scalar(stack.modernDatabase(), sql);
    }

    private static String scalar(DatabaseAddress database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
