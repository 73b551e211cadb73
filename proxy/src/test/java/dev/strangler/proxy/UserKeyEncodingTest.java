package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One user key from the wire to the database (issue 13.1): a header or cookie value is UTF-8 bytes, a path segment
 * or query value is percent-encoded UTF-8, and the key the proxy buckets is, byte for byte, the key the plan's
 * {@code $1} receives, the ledger records and the admin API accepts. The SPEC §3.3 vectors are bucketed by the
 * running proxy: at 12.16% (threshold 1216) ALFKI (709), 42 (797) and Zoë@example.com (1215) are in the modern
 * share and user-1 (5306) is not; read as ISO-8859-1, Zoë's key would be another user with another bucket.
 * A user key is also read once (issue 13.2): an identity field sent twice with different values is refused, since
 * the upstream may read the last value and act for a user other than the one routed and migrated.
 */
@ExtendWith(PostgresExtension.class)
class UserKeyEncodingTest {

    private static Vertx vertx;
    private static RunningStrangler strangler;
    private static EchoBackend legacyApp;
    private static EchoBackend modernApp;
    private static TestDatabase modernDb;

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        modernDb = modern;
        TinyNorthwind.create(legacy, modern);
        legacy.execute("INSERT INTO customers VALUES ('42', 'Forty Two', 'UK', NULL), "
                + "('user-1', 'User One', 'UK', NULL), ('Zoë@example.com', 'Zoë Ltd', 'FR', NULL), "
                + "('Zoë-cookie', 'Cookie Ltd', 'FR', NULL), ('Zoë-query', 'Query Ltd', 'FR', NULL), "
                + "('Zoë-path', 'Path Ltd', 'FR', NULL), ('Zoë admin', 'Admin Ltd', 'FR', NULL)");
        vertx = Vertx.vertx();
        legacyApp = new EchoBackend("legacy").start(vertx).await();
        modernApp = new EchoBackend("modern").start(vertx).await();
        String config = TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())
                .replace("  - header: X-User-Id\n", """
                          - header: X-User-Id
                          - cookie: uid
                          - query: user
                          - path: /api/customers/{key}/**
                        """)
                .replace("    - { id: orders,",
                        "    - { id: customers, path: \"/api/customers/{key}/**\", to: rollout }\n    - { id: orders,")
                .replace("users: [ALFKI, ANATR, BROKN, SLOW1], percent: 100",
                        "users: [Zoë-cookie, Zoë-query, Zoë-path], percent: 100")
                .replace("{ name: everyone, percent: 0 }", "{ name: everyone, percent: 12.16 }");
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        strangler = RunningStrangler.start(vertx, file);
    }

    @AfterAll
    static void stop() {
        strangler.stop();
        vertx.close().await();
    }

    @ParameterizedTest
    @CsvSource({"ALFKI,modern", "42,modern", "user-1,legacy", "Zoë@example.com,modern"})
    void specVectors_areBucketedAndMigratedUnderTheirUtf8Key(String key, String side) throws Exception {
        String response = send("GET /api/orders/1 HTTP/1.1\r\nHost: a\r\nX-User-Id: " + key + "\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(response).contains("served-by: " + side + "\n");
        assertThat(modernDb.count("SELECT count(*) FROM customer WHERE id = '" + key + "'"))
                .isEqualTo(side.equals("modern") ? 1 : 0);
        assertThat(modernDb.count("SELECT count(*) FROM strangler.user_state WHERE user_key = '" + key + "'"
                + " AND state = 'MIGRATED'"))
                .isEqualTo(side.equals("modern") ? 1 : 0);
    }

    @Test
    void adminApi_findsTheUserTheProxyMigratedByItsPercentEncodedKey() throws Exception {
        send("GET /api/orders/1 HTTP/1.1\r\nHost: a\r\nX-User-Id: Zoë@example.com\r\nConnection: close\r\n\r\n");

        JsonObject user = new JsonObject(strangler.admin("GET", "/admin/users/Zo%C3%AB%40example.com", null).body());

        assertThat(user.getString("user")).isEqualTo("Zoë@example.com");
        assertThat(user.getString("state")).isEqualTo("MIGRATED");
    }

    @Test
    void adminApi_migratesTheUserNamedByAPercentEncodedUtf8Key() throws Exception {
        JsonObject outcome = new JsonObject(strangler.admin("POST", "/admin/users/Zo%C3%AB%20admin/migrate", null)
                .body());

        assertThat(outcome.getString("user")).isEqualTo("Zoë admin");
        assertThat(modernDb.count("SELECT count(*) FROM customer WHERE id = 'Zoë admin'")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Zoë-cookie|GET /api/orders/1 HTTP/1.1\\r\\nHost: a\\r\\nCookie: theme=dark; uid=Zoë-cookie\\r\\n",
            "Zoë-query|GET /api/orders/1?user=Zo%C3%AB-query HTTP/1.1\\r\\nHost: a\\r\\n",
            "Zoë-path|GET /api/customers/Zo%C3%AB-path/orders HTTP/1.1\\r\\nHost: a\\r\\n"})
    void cookieQueryAndPathKeys_reachTheDatabaseAsTheirUtf8Text(String key, String head) throws Exception {
        String response = send(head.replace("\\r\\n", "\r\n") + "Connection: close\r\n\r\n");

        assertThat(response).contains("served-by: modern\n");
        assertThat(modernDb.count("SELECT count(*) FROM customer WHERE id = '" + key + "'")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Latin-1 header|GET /api/orders/1 HTTP/1.1\\r\\nHost: a\\r\\nX-User-Id: Zo\u00eb\\r\\n",
            "Latin-1 cookie|GET /api/orders/1 HTTP/1.1\\r\\nHost: a\\r\\nCookie: uid=Zo\u00eb\\r\\n",
            "Latin-1 query|GET /api/orders/1?user=Zo%EB HTTP/1.1\\r\\nHost: a\\r\\n",
            "Latin-1 path segment|GET /api/customers/Zo%EB/orders HTTP/1.1\\r\\nHost: a\\r\\n"})
    void userKeyThatIsNotUtf8_isRefusedWith400(String scenario, String head) throws Exception {
        String request = head.replace("\\r\\n", "\r\n") + "Connection: close\r\n\r\n";

        String response = send(request.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(response).startsWith("HTTP/1.1 400 ").doesNotContain("served-by");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "two headers|X-User-Id: ALFKI\\r\\nX-User-Id: BONAP\\r\\n",
            "two headers, names in other case|X-User-Id: ALFKI\\r\\nx-user-id: BONAP\\r\\n",
            "one cookie twice|Cookie: uid=ALFKI; uid=BONAP\\r\\n",
            "two cookie headers|Cookie: uid=ALFKI\\r\\nCookie: theme=dark; uid=BONAP\\r\\n",
            "header and a second field of another extractor|X-User-Id: ALFKI\\r\\nCookie: uid=BONAP; uid=ALFKI\\r\\n"})
    void identityFieldRepeatedWithDifferentValues_isRefusedWith400AndNotForwarded(String scenario, String fields)
            throws Exception {
        int before = legacyApp.requests() + modernApp.requests();

        String response = send("GET /api/orders/1 HTTP/1.1\r\nHost: a\r\n" + fields.replace("\\r\\n", "\r\n")
                + "Connection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("user key");
        assertThat(legacyApp.requests() + modernApp.requests()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"repeated query parameter,/api/orders/1?user=ALFKI&user=BONAP",
            "query parameter under an encoded name,/api/orders/1?user=ALFKI&us%65r=BONAP"})
    void queryParameterRepeatedWithDifferentValues_isRefusedWith400AndNotForwarded(String scenario, String target)
            throws Exception {
        int before = legacyApp.requests() + modernApp.requests();

        String response = send("GET " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(legacyApp.requests() + modernApp.requests()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "two equal headers|GET /api/orders/1 HTTP/1.1\\r\\nX-User-Id: user-1\\r\\nX-User-Id: user-1\\r\\n",
            "two equal cookies|GET /api/orders/1 HTTP/1.1\\r\\nCookie: uid=user-1; uid=\"user-1\"\\r\\n",
            "equal query values spelled differently|GET /api/orders/1?user=Zo%C3%AB&user=Zo%c3%ab HTTP/1.1\\r\\n"})
    void identityFieldRepeatedWithEqualValues_isForwarded(String scenario, String head) throws Exception {
        String response = send(head.replace("\\r\\n", "\r\n") + "Host: a\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 ").contains("served-by: legacy");
    }

    private static String send(String request) throws Exception {
        return send(request.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a request as UTF-8 bytes on a plain socket (no client library re-encodes it) and reads the answer. */
    private static String send(byte[] request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), strangler.server().port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
