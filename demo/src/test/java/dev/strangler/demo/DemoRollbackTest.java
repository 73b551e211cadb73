package dev.strangler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.rules.UserState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollback without data loss, end to end: a customer migrated to modern changes their contact details and places
 * an order through the proxy (served by modern), is rolled back, and the legacy app (through the proxy again)
 * shows the new details and the new order with its lines.
 */
class DemoRollbackTest {

    private static final String USER = "BERGS";

    @TempDir
    static Path folder;

    private static DemoStack stack;
    private static DemoProxy proxy;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        stack = DemoStack.start(new DemoStack.Options(null, 0, 0));
        proxy = DemoProxy.start(stack, folder.resolve("config"), 0, 0);
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await();
        proxy.close();
        stack.close();
    }

    @Test
    void rolledBackCustomer_findsWhatTheyDidInModernInLegacy() throws Exception {
        assertThat(proxy.migrator().engine().migrate(USER, Trigger.CLI, false).await())
                .isInstanceOf(MigrationEngine.Outcome.Migrated.class);
        JsonObject contact = get("/api/customers/" + USER).bodyAsJsonObject().getJsonObject("customer")
                .getJsonObject("contact").copy()
                .put("name", "Christina Berglund-Ek").put("phone", "0921-12 34 99").put("street", "Nygatan 1");
        HttpResponse<Buffer> changed = client.putAbs(proxy.url() + "/api/customers/" + USER + "/contact")
                .sendJsonObject(contact).await();
        HttpResponse<Buffer> placed = client.postAbs(proxy.url() + "/api/customers/" + USER + "/orders")
                .sendJsonObject(new JsonObject().put("shipperId", 2).put("lines", new JsonArray()
                        .add(new JsonObject().put("productId", 11).put("quantity", 3))
                        .add(new JsonObject().put("productId", 14).put("quantity", 1))))
                .await();
        assertThat(changed.getHeader("X-Served-By")).isEqualTo("modern");
        assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(201);
        assertThat(placed.getHeader("X-Served-By")).isEqualTo("modern");
        int orderId = placed.bodyAsJsonObject().getJsonObject("order").getInteger("id");

        Rollbacks.Outcome outcome = proxy.migrator().rollbacks().rollback(USER, Trigger.ADMIN).await();

        assertThat(outcome).as(outcome.detail()).isInstanceOf(Rollbacks.Outcome.RolledBack.class);
        assertThat(proxy.migrator().states().find(USER).await().state()).isEqualTo(UserState.ROLLED_BACK);
        HttpResponse<Buffer> profile = servedByLegacy("/api/customers/" + USER);
        HttpResponse<Buffer> orders = get("/api/customers/" + USER + "/orders");
        assertThat(profile.getHeader("X-Served-By")).isEqualTo("legacy");
        JsonObject legacyContact = profile.bodyAsJsonObject().getJsonObject("customer").getJsonObject("contact");
        assertThat(legacyContact.getString("name")).isEqualTo("Christina Berglund-Ek");
        assertThat(legacyContact.getString("phone")).isEqualTo("0921-12 34 99");
        assertThat(legacyContact.getString("street")).isEqualTo("Nygatan 1");
        assertThat(orders.getHeader("X-Served-By")).isEqualTo("legacy");
        JsonObject order = orders.bodyAsJsonObject().getJsonArray("orders").stream().map(JsonObject.class::cast)
                .filter(o -> o.getInteger("id") == orderId).findFirst().orElseThrow(() ->
                        new AssertionError("order " + orderId + " not in legacy: " + orders.bodyAsString()));
        assertThat(order.getJsonArray("lines").stream().map(JsonObject.class::cast)
                .map(line -> line.getInteger("productId") + "x" + line.getInteger("quantity")))
                .containsExactlyInAnyOrder("11x3", "14x1");
    }

    /**
     * The rollback runs on the migrator directly, not through the proxy, so the proxy learns of it as any other
     * instance does: the state schema's trigger notifies the control channel, which drops the user's cached state,
     * usually within milliseconds. Bounded at 30 s.
     */
    private static HttpResponse<Buffer> servedByLegacy(String path) {
        return await("served by legacy after the rollback").atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .until(() -> get(path), response -> "legacy".equals(response.getHeader("X-Served-By")));
    }

    private static HttpResponse<Buffer> get(String path) {
        return client.getAbs(proxy.url() + path).send().await();
    }
}
