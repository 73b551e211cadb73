package dev.strangler.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads one claim of a compact JSON Web Token, verifying its signature (HS256, RS256, ES256) and its time window
 * ({@code exp}, {@code nbf}) first unless verification is off. Any doubt gives null: a token that does not verify
 * identifies nobody, and the request is anonymous. The {@code none} algorithm is never accepted with verification.
 */
final class JwtClaims {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private JwtClaims() {
    }

    static String claim(String token, String claim, JwtKeys keys, boolean verify, String issuer, String audience,
                        long epochSecond) {
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (firstDot < 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            return null;
        }
        try {
            JsonNode header = JSON.readTree(BASE64URL.decode(token.substring(0, firstDot)));
            JsonNode payload = JSON.readTree(BASE64URL.decode(token.substring(firstDot + 1, secondDot)));
            if (verify) {
                byte[] signed = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
                byte[] signature = BASE64URL.decode(token.substring(secondDot + 1));
                String kid = header.hasNonNull("kid") ? header.get("kid").asText() : null;
                if (!verifies(header.path("alg").asText(), kid, signed, signature, keys)) {
                    return null;
                }
                if (payload.has("exp") && payload.get("exp").asLong() <= epochSecond
                        || payload.has("nbf") && payload.get("nbf").asLong() > epochSecond) {
                    return null;
                }
                if (issuer != null && !issuer.equals(payload.path("iss").asText(null))) {
                    return null;
                }
                if (audience != null && !hasAudience(payload.path("aud"), audience)) {
                    return null;
                }
            }
            JsonNode value = payload.get(claim);
            if (value == null || value.isNull() || value.isContainerNode()) {
                return null;
            }
            String text = value.asText();
            return text.isEmpty() ? null : text;
        } catch (java.io.IOException | IllegalArgumentException | GeneralSecurityException e) {
            return null;
        }
    }

    private static boolean hasAudience(JsonNode aud, String audience) {
        if (aud.isArray()) {
            for (JsonNode item : aud) {
                if (audience.equals(item.asText())) {
                    return true;
                }
            }
            return false;
        }
        return audience.equals(aud.asText(null));
    }

    private static boolean verifies(String alg, String kid, byte[] signed, byte[] signature, JwtKeys keys)
            throws GeneralSecurityException {
        switch (alg) {
            case "HS256" -> {
                if (keys.secret() == null) {
                    return false;
                }
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(keys.secret(), "HmacSHA256"));
                return MessageDigest.isEqual(mac.doFinal(signed), signature);
            }
            case "RS256" -> {
                return verifiesWithAny("SHA256withRSA", keys.publicKeys("RSA", kid), signed, signature);
            }
            case "ES256" -> {
                return signature.length == 64
                        && verifiesWithAny("SHA256withECDSAinP1363Format", keys.publicKeys("EC", kid), signed,
                        signature);
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean verifiesWithAny(String algorithm, Iterable<PublicKey> candidates, byte[] signed,
                                           byte[] signature) throws GeneralSecurityException {
        for (PublicKey key : candidates) {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(signed);
            if (verifier.verify(signature)) {
                return true;
            }
        }
        return false;
    }
}
