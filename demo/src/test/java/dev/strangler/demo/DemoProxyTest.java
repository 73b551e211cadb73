package dev.strangler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.rules.UserState;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strangler demo} as a user meets it: the sample systems behind the proxy, driven through the proxy with a
 * real HTTP client.
 */
class DemoProxyTest {

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
        client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await();
        proxy.close();
        stack.close();
    }

    @Test
    void userOutsideTheRolloutShare_isServedByLegacyAndNotMigrated() throws Exception {
        String user = "AROUT";
        HttpResponse<Buffer> response = get("/api/customers/" + user);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("X-Served-By")).isEqualTo("legacy");
        assertThat(state(user)).isEqualTo(UserState.PENDING);
        assertThat(modernCustomers(user)).isZero();
    }

    @Test
    void pilotUser_isMigratedOnFirstAccessThenServedByModern() throws Exception {
        HttpResponse<Buffer> first = get("/api/customers/ALFKI");
        HttpResponse<Buffer> second = get("/api/customers/ALFKI/orders");

        assertThat(first.getHeader("X-Served-By")).isEqualTo("modern");
        assertThat(first.bodyAsJsonObject().getJsonObject("customer").getString("companyName"))
                .isEqualTo("Alfreds Futterkiste");
        assertThat(second.getHeader("X-Served-By")).isEqualTo("modern");
        assertThat(second.bodyAsJsonObject().getJsonArray("orders")).hasSize(6);
        assertThat(state("ALFKI")).isEqualTo(UserState.MIGRATED);
        assertThat(modernCustomers("ALFKI")).isEqualTo(1);
    }

    @Test
    void pilotUserWithInvalidData_quietlyStaysOnLegacy() throws Exception {
        HttpResponse<Buffer> response = get("/api/customers/LINOD");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("X-Served-By")).isEqualTo("legacy");
        assertThat(state("LINOD")).isEqualTo(UserState.INVALID);
        assertThat(modernCustomers("LINOD")).isZero();
    }

    @Test
    void signIn_setsTheCookieAndTheRedirectLandsOnTheUsersSystem() {
        HttpResponse<Buffer> signIn = client.postAbs(proxy.url() + "/signin")
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("customerId", "ANATR")).await();

        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.getHeader("Location")).isEqualTo("/customers/ANATR");
        assertThat(signIn.cookies()).anySatisfy(cookie -> assertThat(cookie).startsWith("uid=ANATR"));

        HttpResponse<Buffer> profile = client.getAbs(proxy.url() + signIn.getHeader("Location"))
                .putHeader("Cookie", "uid=ANATR").send().await();
        assertThat(profile.statusCode()).isEqualTo(200);
        assertThat(profile.getHeader("X-Served-By")).isEqualTo("modern");
        assertThat(profile.bodyAsString()).contains("Ana Trujillo");
    }

    @Test
    void webSocket_echoesThroughTheProxy() throws Exception {
        WebSocket socket = vertx.createWebSocketClient()
                .connect(portOf(proxy.url()), "127.0.0.1", "/ws/echo").await();
        CompletableFuture<String> echo = new CompletableFuture<>();
        socket.textMessageHandler(echo::complete);

        socket.writeTextMessage("through the proxy").await();

        assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo("through the proxy");
        socket.close().await();
    }

    @Test
    void hundredMegabyteUpload_streamsThroughTheProxyIntact() throws Exception {
        long size = 100L * 1024 * 1024;
        Path file = folder.resolve("upload.bin");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                for (int i = 0; i < block.length; i++) {
                    block[i] = (byte) ((written + i) * 7);
                }
                digest.update(block);
                out.write(block);
            }
        }
        AsyncFile body = vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)).await();

        JsonObject answer = client.postAbs(proxy.url() + "/upload")
                .putHeader("Content-Length", Long.toString(size))
                .sendStream(body).await().bodyAsJsonObject();

        assertThat(answer.getLong("bytes")).isEqualTo(size);
        assertThat(answer.getString("sha256")).isEqualTo(HexFormat.of().formatHex(digest.digest()));
    }

    private static HttpResponse<Buffer> get(String path) {
        return client.getAbs(proxy.url() + path).send().await();
    }

    private static UserState state(String user) {
        return proxy.migrator().states().find(user).await().state();
    }

    private static int modernCustomers(String user) throws Exception {
        try (Connection connection = stack.modernDatabase().connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM customer WHERE id = '" + user + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int portOf(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }
}
