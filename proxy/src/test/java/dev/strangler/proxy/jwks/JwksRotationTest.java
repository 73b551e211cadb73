package dev.strangler.proxy.jwks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.rules.Bucketing;
import dev.strangler.rules.IdentityExtractor;
import dev.strangler.rules.JwtKeys;
import dev.strangler.rules.RequestFacts;
import dev.strangler.rules.RoutingConfig;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.Upstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation against a real local HTTPS identity provider whose document says {@code max-age=3600}: a token
 * naming an unknown {@code kid} makes the refresher fetch the document again at once, so the rotated key verifies
 * long before the hour, and a flood of unknown kids fetches at most once per minute of the injected clock.
 */
class JwksRotationTest {

    private static final long NOW = 1_800_000_000L;

    private Vertx vertx;
    private JwksRefresher refresher;
    private final AtomicReference<String> document = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<JwtKeys> keys = new AtomicReference<>();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochSecond(NOW));
    private IdentityExtractor.Jwt extractor;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        HttpServer provider = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(certificate.keyCertOptions())).requestHandler(request -> {
                    fetches.incrementAndGet();
                    request.response().putHeader("Cache-Control", "max-age=3600").end(document.get());
                }).listen(0, "127.0.0.1").await();
        String url = "https://localhost:" + provider.actualPort() + "/jwks.json";
        extractor = new IdentityExtractor.Jwt("Authorization", null, "sub", JwtKeys.NONE, true, null, null, url);
        RoutingTable table = RoutingTable.of(new RoutingConfig("s", Upstream.LEGACY, Bucketing.STRANGLER,
                List.of(), List.of()), List.of(extractor));
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        document.set(jwks(jwk("first", rsa())));
        refresher = JwksRefresher.start(vertx, new HttpClientOptions().setTrustOptions(certificate.trustOptions()),
                u -> new RequestOptions().setAbsoluteURI(u), () -> table, keys::set, clock);
        await().atMost(Duration.ofSeconds(30)).until(() -> keys.get() != null);
    }

    @AfterEach
    void stop() {
        refresher.close().await();
        vertx.close().await();
    }

    @Test
    void rotatedKey_verifiesAfterTheFetchItsUnknownKidStarted() throws Exception {
        KeyPair second = rsa();
        document.set(jwks(jwk("second", second)));
        String token = token("second", second, "ANATR");

        assertThat(subject(token)).as("the request naming the unknown kid is anonymous").isNull();

        await().atMost(Duration.ofSeconds(30)).until(() -> "ANATR".equals(subject(token)));
        assertThat(fetches).hasValue(2);
    }

    @Test
    void floodOfUnknownKids_fetchesAtMostOncePerMinute() throws Exception {
        KeyPair second = rsa();
        document.set(jwks(jwk("second", second)));
        for (int i = 0; i < 1000; i++) {
            subject(token("kid-" + i, second, "ANATR"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "ANATR".equals(subject(token("second", second, "ANATR"))));

        KeyPair third = rsa();
        document.set(jwks(jwk("third", third)));
        String token = token("third", third, "BERGS");
        now.set(now.get().plusSeconds(59));
        for (int i = 0; i < 1000; i++) {
            assertThat(subject(token)).as("within the minute, no fetch").isNull();
        }
        assertThat(fetches).as("the first fetch and one for the whole flood").hasValue(2);

        now.set(now.get().plusSeconds(2));
        subject(token);
        await().atMost(Duration.ofSeconds(30)).until(() -> "BERGS".equals(subject(token)));
        assertThat(fetches).hasValue(3);
    }

    private String subject(String token) {
        return extractor.withKeys(keys.get()).extract(new RequestFacts("GET", "/", "",
                Map.of("Authorization", "Bearer " + token), Map.of(), Map.of(), NOW));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String jwks(JsonObject key) {
        return new JsonObject().put("keys", new JsonArray().add(key)).encode();
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
        String payload = url.encodeToString(new JsonObject().put("sub", subject).put("exp", NOW + 3600).encode()
                .getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + url.encodeToString(signer.sign());
    }

    private static String base64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(bytes, start, bytes.length));
    }
}
