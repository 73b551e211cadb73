package dev.strangler.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.demo.DatabaseAddress;
import dev.strangler.demo.legacy.LegacyApp;
import dev.strangler.demo.legacy.NorthwindDatabase;
import dev.strangler.demo.modern.ModernApp;
import dev.strangler.demo.modern.ModernDatabase;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both sample systems over real databases and real HTTP: legacy on Northwind, modern on its own schema holding one
 * migrated customer (ALFKI). The same requests go to both, because the proxy sends the same paths to either.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleAppsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    private Map<SampleSystem, RunningApp> apps;

    @BeforeAll
    void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern) throws Exception {
        try (Connection connection = legacy.connect()) {
            NorthwindDatabase.load(connection);
        }
        try (Connection connection = modern.connect(); Statement statement = connection.createStatement()) {
            ModernDatabase.create(connection);
            statement.execute("INSERT INTO customer (id, company_name) VALUES ('ALFKI', 'Alfreds Futterkiste')");
            statement.execute("INSERT INTO contact (customer_id, name, title, email, phone) VALUES ('ALFKI', "
                    + "'Maria Anders', 'Sales Representative', 'maria@alfreds.example', '030-0074321')");
            statement.execute("INSERT INTO address (customer_id, street, city, postal_code, country) VALUES "
                    + "('ALFKI', 'Obere Str. 57', 'Berlin', '12209', 'Germany')");
            statement.execute("INSERT INTO customer_order (id, customer_id, ordered_on, shipped_on, shipper_id, "
                    + "freight, ship_name, ship_street, ship_city, ship_postal_code, ship_country) VALUES (10643, "
                    + "'ALFKI', '1997-08-25', '1997-09-02', 1, 29.46, 'Alfreds Futterkiste', 'Obere Str. 57', "
                    + "'Berlin', '12209', 'Germany')");
            statement.execute("INSERT INTO order_line VALUES (10643, 28, 45.60, 15, 0.25), (10643, 39, 18, 21, 0.25), "
                    + "(10643, 46, 12, 2, 0.25)");
        }
        apps = Map.of(
                SampleSystem.LEGACY, LegacyApp.start(vertx, address(legacy).pool(vertx, 4), 0, CLOCK).await(),
                SampleSystem.MODERN, ModernApp.start(vertx, address(modern).pool(vertx, 4), 0, CLOCK).await());
    }

    @AfterAll
    void stop() {
        vertx.close().await();
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void profile_knownCustomer_isServedAndLabelled(SampleSystem system) {
        HttpResponse<Buffer> response = get(system, "/api/customers/ALFKI");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("X-Served-By")).isEqualTo(system.id());
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("system")).isEqualTo(system.id());
        assertThat(body.getJsonObject("customer").getString("companyName")).isEqualTo("Alfreds Futterkiste");
        assertThat(body.getJsonObject("customer").getJsonObject("contact").getString("postalCode")).isEqualTo("12209");
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void profile_unknownCustomer_is404(SampleSystem system) {
        HttpResponse<Buffer> response = get(system, "/api/customers/NOONE");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("customer not found");
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void orders_listsOrdersWithTheirLines(SampleSystem system) {
        JsonArray orders = get(system, "/api/customers/ALFKI/orders").bodyAsJsonObject().getJsonArray("orders");

        JsonObject order = orders.stream().map(JsonObject.class::cast)
                .filter(o -> o.getInteger("id") == 10643).findFirst().orElseThrow();
        assertThat(order.getString("orderedOn")).isEqualTo("1997-08-25");
        assertThat(order.getJsonArray("lines")).hasSize(3);
        assertThat(order.getJsonArray("lines").getJsonObject(0).getInteger("productId")).isEqualTo(28);
        assertThat(new BigDecimal(order.getValue("total").toString())).isEqualByComparingTo("814.50");
        if (system == SampleSystem.LEGACY) {
            assertThat(orders).hasSize(6);
        }
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void updateContact_json_isStoredAndReturned(SampleSystem system) {
        JsonObject contact = new JsonObject().put("name", "Maria Anders-Schmidt").put("title", "Owner")
                .put("phone", "030-0074322").put("street", "Obere Str. 58").put("city", "Berlin")
                .put("postalCode", "12209").put("country", "Germany");

        HttpResponse<Buffer> response = client.put(port(system), "127.0.0.1", "/api/customers/ALFKI/contact")
                .sendJsonObject(contact).await();

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject stored = get(system, "/api/customers/ALFKI").bodyAsJsonObject()
                .getJsonObject("customer").getJsonObject("contact");
        assertThat(stored.getString("name")).isEqualTo("Maria Anders-Schmidt");
        assertThat(stored.getString("street")).isEqualTo("Obere Str. 58");
    }

    @Test
    void updateContact_modernRefusesAnIncompletePhone() {
        JsonObject contact = new JsonObject().put("name", "Maria Anders").put("phone", "555-12")
                .put("street", "Obere Str. 57").put("city", "Berlin").put("postalCode", "12209")
                .put("country", "Germany");

        HttpResponse<Buffer> response = client.put(port(SampleSystem.MODERN), "127.0.0.1",
                "/api/customers/ALFKI/contact").sendJsonObject(contact).await();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getString("detail")).contains("contact_phone_check");
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void placeOrder_json_usesCatalogPricesAndTheClock(SampleSystem system) {
        JsonObject order = new JsonObject().put("shipperId", 2)
                .put("lines", new JsonArray().add(new JsonObject().put("productId", 11).put("quantity", 3)));

        HttpResponse<Buffer> response = client.post(port(system), "127.0.0.1", "/api/customers/ANATR/orders")
                .sendJsonObject(order).await();
        HttpResponse<Buffer> placed = client.post(port(system), "127.0.0.1", "/api/customers/ALFKI/orders")
                .sendJsonObject(order).await();

        assertThat(response.statusCode()).as("ANATR exists only in legacy")
                .isEqualTo(system == SampleSystem.LEGACY ? 201 : 404);
        assertThat(placed.statusCode()).isEqualTo(201);
        JsonObject body = placed.bodyAsJsonObject().getJsonObject("order");
        assertThat(body.getString("orderedOn")).isEqualTo("2026-11-22");
        assertThat(body.getString("shipper")).isEqualTo("United Package");
        assertThat(new BigDecimal(body.getValue("total").toString())).isEqualByComparingTo("63.00");
        assertThat(placed.getHeader("Location")).isEqualTo("/api/customers/ALFKI/orders/" + body.getInteger("id"));
        assertThat(get(system, "/api/customers/ALFKI/orders").bodyAsJsonObject().getJsonArray("orders")
                .getJsonObject(0).getInteger("id")).isEqualTo(body.getInteger("id"));
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void placeOrder_unknownProduct_is400AndPlacesNothing(SampleSystem system) {
        int before = get(system, "/api/customers/ALFKI/orders").bodyAsJsonObject().getJsonArray("orders").size();
        JsonObject order = new JsonObject()
                .put("lines", new JsonArray().add(new JsonObject().put("productId", 999).put("quantity", 1)));

        HttpResponse<Buffer> response = client.post(port(system), "127.0.0.1", "/api/customers/ALFKI/orders")
                .sendJsonObject(order).await();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(get(system, "/api/customers/ALFKI/orders").bodyAsJsonObject().getJsonArray("orders"))
                .hasSize(before);
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void pages_showTheSystemsBanner(SampleSystem system) {
        HttpResponse<Buffer> profile = get(system, "/customers/ALFKI");
        HttpResponse<Buffer> orders = get(system, "/customers/ALFKI/orders");

        assertThat(profile.statusCode()).isEqualTo(200);
        assertThat(profile.getHeader("Content-Type")).startsWith("text/html");
        assertThat(profile.bodyAsString()).contains("<div class=\"banner\">" + system.banner() + "</div>")
                .contains("Alfreds Futterkiste").contains("name=\"phone\"");
        assertThat(orders.bodyAsString()).contains(system.banner()).contains("10643");
        assertThat(SampleSystem.LEGACY.banner()).isNotEqualTo(SampleSystem.MODERN.banner());
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void signIn_setsTheUidCookieAndRedirectsToTheProfile(SampleSystem system) {
        HttpResponse<Buffer> response = client.post(port(system), "127.0.0.1", "/signin")
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("customerId", "alfki")).await();

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.getHeader("Location")).isEqualTo("/customers/ALFKI");
        assertThat(response.cookies()).anySatisfy(cookie -> assertThat(cookie).startsWith("uid=ALFKI"));
        assertThat(client.get(port(system), "127.0.0.1", "/").putHeader("Cookie", "uid=ALFKI").send().await()
                .bodyAsString()).contains("Signed in as <a href=\"/customers/ALFKI\">ALFKI</a>");
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void signInStartsASession_andSignOutEndsItButRemembersTheUser(SampleSystem system) {
        HttpResponse<Buffer> signedIn = client.post(port(system), "127.0.0.1", "/signin")
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("customerId", "ALFKI")).await();
        HttpResponse<Buffer> signedOut = client.post(port(system), "127.0.0.1", "/signout").send().await();

        assertThat(signedIn.cookies()).anySatisfy(cookie -> assertThat(cookie)
                .matches(system.sessionCookie() + "=[0-9a-f-]{36}; Path=/; HTTPOnly"));
        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(signedOut.getHeader("Location")).isEqualTo("/signin");
        assertThat(signedOut.cookies()).singleElement().satisfies(cookie -> assertThat(cookie)
                .startsWith(system.sessionCookie() + "=;").contains("Max-Age=0"));
    }

    @Test
    void faults_failAnEvenShareAndDelayOnDemand_untilHealed() {
        Faults faults = apps.get(SampleSystem.MODERN).faults().failing(0.25);
        try {
            List<Integer> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(client.get(port(SampleSystem.MODERN), "127.0.0.1", "/api/customers/ALFKI").send()
                        .await().statusCode());
            }
            faults.healed().slowedBy(Duration.ofMillis(200));
            long started = System.nanoTime();
            int slow = client.get(port(SampleSystem.MODERN), "127.0.0.1", "/api/customers/ALFKI").send().await()
                    .statusCode();

            assertThat(statuses).containsExactly(200, 200, 200, 500, 200, 200, 200, 500);
            assertThat(slow).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        } finally {
            faults.healed();
        }
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void contactForm_postsAndRedirects(SampleSystem system) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("name", "Maria Anders").add("title", "Owner")
                .add("phone", "030-0074399").add("street", "Obere Str. 57").add("city", "Berlin")
                .add("postalCode", "12209").add("country", "Germany");

        HttpResponse<Buffer> response = client.post(port(system), "127.0.0.1", "/customers/ALFKI/contact")
                .sendForm(form).await();

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.getHeader("Location")).isEqualTo("/customers/ALFKI");
        assertThat(get(system, "/customers/ALFKI").bodyAsString()).contains("value=\"030-0074399\"");
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void orderForm_placesAnOrderAndRedirectsToTheOrders(SampleSystem system) {
        int before = get(system, "/api/customers/ALFKI/orders").bodyAsJsonObject().getJsonArray("orders").size();

        HttpResponse<Buffer> response = client.post(port(system), "127.0.0.1", "/customers/ALFKI/orders")
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("productId", "14").add("quantity", "2")).await();

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.getHeader("Location")).isEqualTo("/customers/ALFKI/orders");
        assertThat(get(system, "/api/customers/ALFKI/orders").bodyAsJsonObject().getJsonArray("orders"))
                .hasSize(before + 1);
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void upload_streamsAndDigestsTheBody(SampleSystem system) throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }

        JsonObject answer = client.post(port(system), "127.0.0.1", "/upload").sendBuffer(Buffer.buffer(body))
                .await().bodyAsJsonObject();

        assertThat(answer.getString("system")).isEqualTo(system.id());
        assertThat(answer.getLong("bytes")).isEqualTo(body.length);
        assertThat(answer.getString("sha256"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void upload_smallAndEmptyBodies(SampleSystem system) {
        JsonObject small = client.post(port(system), "127.0.0.1", "/upload").sendBuffer(Buffer.buffer("hello"))
                .await().bodyAsJsonObject();
        JsonObject empty = client.post(port(system), "127.0.0.1", "/upload").send().await().bodyAsJsonObject();

        assertThat(small.getLong("bytes")).isEqualTo(5);
        assertThat(small.getString("sha256"))
                .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(empty.getLong("bytes")).isZero();
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void download_streamsTheRequestedBytes(SampleSystem system) {
        HttpResponse<Buffer> response = get(system, "/download?bytes=300001");

        assertThat(response.statusCode()).isEqualTo(200);
        byte[] bytes = response.body().getBytes();
        assertThat(bytes).hasSize(300001);
        assertThat(bytes[300000]).isEqualTo((byte) (300000 % 251));
    }

    @ParameterizedTest
    @EnumSource(SampleSystem.class)
    void webSocket_echoesMessages(SampleSystem system) throws Exception {
        WebSocketClient sockets = vertx.createWebSocketClient();
        WebSocket socket = sockets.connect(port(system), "127.0.0.1", "/ws/echo").await();
        CompletableFuture<String> echo = new CompletableFuture<>();
        socket.textMessageHandler(echo::complete);

        socket.writeTextMessage("hello " + system.id()).await();

        assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo("hello " + system.id());
        socket.close().await();
    }

    private HttpResponse<Buffer> get(SampleSystem system, String path) {
        return client.get(port(system), "127.0.0.1", path).send().await();
    }

    private int port(SampleSystem system) {
        return apps.get(system).port();
    }

    private static DatabaseAddress address(TestDatabase database) {
        return new DatabaseAddress(database.host(), database.port(), database.database(), database.user(),
                database.password());
    }

}
