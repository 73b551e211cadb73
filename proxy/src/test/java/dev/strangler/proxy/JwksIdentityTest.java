package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.forward.EchoBackend;
import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jwt: {jwks: URL}} (issue 13.5): the running proxy fetches the identity provider's JWKS document, verifies
 * RS256 tokens with its keys and routes by their {@code sub}; when the provider rotates its key (the document says
 * {@code max-age=1}), tokens signed with the new key verify once the document was fetched again. Before this, the
 * document was never fetched, so no such token verified and every request was anonymous. The provider is a real
 * HTTPS server with a self-signed certificate the JVM's trust store (javax.net.ssl.trustStore) is pointed at.
 */
@ExtendWith(PostgresExtension.class)
class JwksIdentityTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static Vertx vertx;
    private static RunningStrangler strangler;
    private static final AtomicReference<String> document = new AtomicReference<>();
    private static KeyPair first;

    @BeforeAll
    static void start(@Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern,
                      @TempDir Path folder) throws Exception {
        TinyNorthwind.create(legacy, modern);
        vertx = Vertx.vertx();
        first = rsa();
        document.set(jwks(new JsonArray().add(jwk("first", first))));
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        System.setProperty("javax.net.ssl.trustStore", trustStore(certificate, folder).toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        HttpServer provider = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(certificate.keyCertOptions())).requestHandler(request -> request.response()
                .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "max-age=1")
                .end(document.get())).listen(0, "127.0.0.1").await();
        EchoBackend legacyApp = new EchoBackend("legacy").start(vertx).await();
        EchoBackend modernApp = new EchoBackend("modern").start(vertx).await();
        String config = TinyNorthwind.config(legacy, modern, legacyApp.port(), modernApp.port())
                .replace("  - header: X-User-Id\n", "  - jwt: { header: Authorization, claim: sub, jwks: "
                        + "\"https://localhost:" + provider.actualPort() + "/.well-known/jwks.json\" }\n");
        Path file = folder.resolve("strangler.yaml");
        Files.writeString(file, config);
        strangler = RunningStrangler.start(vertx, file);
    }

    /** A trust store holding the provider's self-signed certificate: the proxy trusts the JVM's trust store. */
    private static Path trustStore(SelfSignedCertificate certificate, Path folder) throws Exception {
        Certificate cert;
        try (var in = Files.newInputStream(Path.of(certificate.certificatePath()))) {
            cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("jwks-provider", cert);
        Path file = folder.resolve("trust.p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        return file;
    }

    @AfterAll
    static void stop() {
        System.clearProperty("javax.net.ssl.trustStore");
        System.clearProperty("javax.net.ssl.trustStorePassword");
        System.clearProperty("javax.net.ssl.trustStoreType");
        strangler.stop();
        vertx.close().await();
    }

    @Test
    void tokenSignedWithAKeyOfTheJwks_identifiesTheUser() throws Exception {
        String token = token("first", first, "ALFKI");

        await().atMost(Duration.ofSeconds(30)).until(() -> servedBy(token).equals("modern"));
    }

    @Test
    void rotatedKey_verifiesOnceTheDocumentWasFetchedAgain() throws Exception {
        KeyPair second = rsa();
        String token = token("second", second, "ANATR");
        assertThat(servedBy(token)).as("a key the proxy has not seen").isEqualTo("legacy");

        document.set(jwks(new JsonArray().add(jwk("first", first)).add(jwk("second", second))));

        await().atMost(Duration.ofSeconds(30)).until(() -> servedBy(token).equals("modern"));
    }

    private static String servedBy(String token) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + strangler.server().port() + "/api/orders/1"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return response.body().startsWith("served-by: modern") ? "modern" : "legacy";
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String jwks(JsonArray keys) {
        return new JsonObject().put("keys", keys).encode();
    }

    private static JsonObject jwk(String kid, KeyPair pair) {
        RSAPublicKey key = (RSAPublicKey) pair.getPublic();
        return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
                .put("n", base64(key.getModulus())).put("e", base64(key.getPublicExponent()));
    }

    private static String token(String kid, KeyPair pair, String subject) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid)
                .encode().getBytes(StandardCharsets.UTF_8));
        String payload = url.encodeToString(new JsonObject().put("sub", subject)
                .put("exp", Instant.now().plusSeconds(3600).getEpochSecond()).encode()
                .getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + url.encodeToString(signer.sign());
    }

    private static String base64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        byte[] unsigned = java.util.Arrays.copyOfRange(bytes, start, bytes.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned);
    }
}
