package dev.strangler.rules;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityExtractorTest {

    private static final String SECRET = "a-shared-secret-of-at-least-32-characters";
    private static final long NOW = 1_790_000_000L;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static RequestFacts withHeader(String name, String value) {
        return new RequestFacts("GET", "/", "", Map.of(name, value), Map.of(), Map.of(), NOW);
    }

    private static String unsigned(String alg, String payload) {
        return B64.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String hs256(String payload, String secret) throws Exception {
        String signed = unsigned("HS256", payload);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signed + "." + B64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String sign(String alg, String javaAlg, PrivateKey key, String payload) throws Exception {
        String signed = unsigned(alg, payload);
        Signature signature = Signature.getInstance(javaAlg);
        signature.initSign(key);
        signature.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + B64.encodeToString(signature.sign());
    }

    private static IdentityExtractor.Jwt jwt(JwtKeys keys, boolean verify) {
        return new IdentityExtractor.Jwt("Authorization", null, "sub", keys, verify, null, null, null);
    }

    @Test
    void headerCookieQueryAndPath_extractInOrder() {
        RequestFacts request = new RequestFacts("GET", "/customers/ALFKI/orders", "", Map.of("x-user-id", "h"),
                Map.of("uid", "c"), Map.of("user", "q"), NOW);
        assertThat(new IdentityExtractor.Header("X-User-Id").extract(request)).isEqualTo("h");
        assertThat(new IdentityExtractor.Cookie("uid").extract(request)).isEqualTo("c");
        assertThat(new IdentityExtractor.Query("user").extract(request)).isEqualTo("q");
        assertThat(new IdentityExtractor.PathTemplate(PathPattern.compile("/customers/{key}/**")).extract(request))
                .isEqualTo("ALFKI");
        assertThat(new IdentityExtractor.Header("X-Other").extract(request)).isNull();
        assertThat(new IdentityExtractor.Header("X-Empty").extract(withHeader("X-Empty", ""))).isNull();
    }

    @Test
    void hs256_verifiedTokenGivesItsClaim() throws Exception {
        String token = hs256("{\"sub\":\"ALFKI\",\"exp\":" + (NOW + 60) + "}", SECRET);
        assertThat(jwt(JwtKeys.secret(SECRET), true).extract(withHeader("Authorization", "Bearer " + token)))
                .isEqualTo("ALFKI");
    }

    @Test
    void hs256_wrongSecretExpiredOrNotYetValid_identifyNobody() throws Exception {
        IdentityExtractor.Jwt extractor = jwt(JwtKeys.secret(SECRET), true);
        String forged = hs256("{\"sub\":\"ALFKI\"}", SECRET + "-not");
        String expired = hs256("{\"sub\":\"ALFKI\",\"exp\":" + NOW + "}", SECRET);
        String early = hs256("{\"sub\":\"ALFKI\",\"nbf\":" + (NOW + 1) + "}", SECRET);
        assertThat(extractor.extract(withHeader("Authorization", "Bearer " + forged))).isNull();
        assertThat(extractor.extract(withHeader("Authorization", "Bearer " + expired))).isNull();
        assertThat(extractor.extract(withHeader("Authorization", "Bearer " + early))).isNull();
        assertThat(extractor.extract(withHeader("Authorization", "Bearer not.a.token"))).isNull();
        assertThat(extractor.extract(withHeader("Authorization", "Bearer garbage"))).isNull();
    }

    @Test
    void algNone_isNeverAcceptedWhenVerifying() {
        String none = unsigned("none", "{\"sub\":\"ALFKI\"}") + ".";
        assertThat(jwt(JwtKeys.secret(SECRET), true).extract(withHeader("Authorization", none))).isNull();
        assertThat(jwt(JwtKeys.NONE, false).extract(withHeader("Authorization", none))).isEqualTo("ALFKI");
    }

    @Test
    void rs256_withPemAndWithJwks() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String token = sign("RS256", "SHA256withRSA", pair.getPrivate(), "{\"sub\":\"42\"}");
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----";
        assertThat(jwt(JwtKeys.publicKeyPem(pem), true).extract(withHeader("Authorization", token))).isEqualTo("42");
        RSAPublicKey rsa = (RSAPublicKey) pair.getPublic();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"n\":\"" + unsignedB64(rsa.getModulus())
                + "\",\"e\":\"" + unsignedB64(rsa.getPublicExponent()) + "\"}]}";
        assertThat(jwt(JwtKeys.jwks(jwks), true).extract(withHeader("Authorization", token))).isEqualTo("42");
        assertThat(jwt(JwtKeys.secret(SECRET), true).extract(withHeader("Authorization", token))).isNull();
    }

    @Test
    void es256_withJwks() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        String token = sign("ES256", "SHA256withECDSAinP1363Format", pair.getPrivate(),
                "{\"sub\":\"Zoë@example.com\",\"iss\":\"https://login\",\"aud\":[\"x\",\"strangler\"]}");
        ECPublicKey ec = (ECPublicKey) pair.getPublic();
        String jwks = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + unsignedB64(ec.getW().getAffineX())
                + "\",\"y\":\"" + unsignedB64(ec.getW().getAffineY()) + "\"}]}";
        IdentityExtractor.Jwt extractor = new IdentityExtractor.Jwt("Authorization", null, "sub", JwtKeys.jwks(jwks),
                true, "https://login", "strangler", null);
        assertThat(extractor.extract(withHeader("Authorization", "Bearer " + token))).isEqualTo("Zoë@example.com");
        IdentityExtractor.Jwt otherAudience = new IdentityExtractor.Jwt("Authorization", null, "sub",
                JwtKeys.jwks(jwks), true, "https://login", "billing", null);
        assertThat(otherAudience.extract(withHeader("Authorization", "Bearer " + token))).isNull();
    }

    @Test
    void jwksKeysArriveLaterThroughTheRoutingTable() throws Exception {
        String token = hs256("{\"sub\":\"ALFKI\"}", SECRET);
        IdentityExtractor.Jwt waiting = new IdentityExtractor.Jwt("Authorization", null, "sub", JwtKeys.NONE, true,
                null, null, "https://login/jwks.json");
        assertThat(waiting.extract(withHeader("Authorization", token))).isNull();
        assertThat(waiting.withKeys(JwtKeys.secret(SECRET)).extract(withHeader("Authorization", token)))
                .isEqualTo("ALFKI");
    }

    private static String unsignedB64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return B64.encodeToString(bytes);
    }
}
