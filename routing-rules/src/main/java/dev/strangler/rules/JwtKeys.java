package dev.strangler.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The keys a JSON Web Token's signature may be verified with: a shared secret (HS256), public keys (RS256,
 * ES256 on P-256) from a PEM text or a JWKS document. Immutable; parsing happens at load time or when the proxy
 * has fetched a JWKS, never per request.
 */
public final class JwtKeys {

    /** No keys: nothing verifies. */
    public static final JwtKeys NONE = new JwtKeys(null, List.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] secret;
    private final List<Key> publicKeys;
    private final Runnable kidUnknown;

    /** A public key and, when the JWKS gave one, its id. */
    record Key(String kid, PublicKey key) {
    }

    private JwtKeys(byte[] secret, List<Key> publicKeys) {
        this(secret, publicKeys, () -> { });
    }

    private JwtKeys(byte[] secret, List<Key> publicKeys, Runnable kidUnknown) {
        this.secret = secret == null ? null : secret.clone();
        this.publicKeys = List.copyOf(publicKeys);
        this.kidUnknown = kidUnknown;
    }

    /**
     * The same keys, telling {@code kidUnknown} when a token names a {@code kid} none of them has (the identity
     * provider may have rotated its key). It is called on the request path, so it must return at once.
     */
    public JwtKeys whenKidUnknown(Runnable kidUnknown) {
        return new JwtKeys(secret, publicKeys, Objects.requireNonNull(kidUnknown, "kidUnknown"));
    }

    /** An HS256 shared secret (its UTF-8 bytes). */
    public static JwtKeys secret(String secret) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("shorter than 32 characters (expected: at least 256 bits)");
        }
        return new JwtKeys(secret.getBytes(StandardCharsets.UTF_8), List.of());
    }

    /**
     * A PEM public key ({@code -----BEGIN PUBLIC KEY-----}), RSA or EC.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static JwtKeys publicKeyPem(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            for (String algorithm : List.of("RSA", "EC")) {
                try {
                    PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                    return new JwtKeys(null, List.of(new Key(null, key)));
                } catch (GeneralSecurityException e) {
                    // not this algorithm; try the next
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PEM public key");
        }
        throw new IllegalArgumentException("not an RSA or EC public key");
    }

    /**
     * The RSA and P-256 EC keys of a JWKS document ({@code {"keys": [...]}}); other keys are ignored.
     *
     * @throws IllegalArgumentException when the document is not a JWKS or holds no usable key
     */
    public static JwtKeys jwks(String json) {
        List<Key> keys = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(json);
            for (JsonNode jwk : root.path("keys")) {
                String kid = jwk.hasNonNull("kid") ? jwk.get("kid").asText() : null;
                String use = jwk.path("use").asText("sig");
                if (!use.equals("sig")) {
                    continue;
                }
                switch (jwk.path("kty").asText()) {
                    case "RSA" -> keys.add(new Key(kid, KeyFactory.getInstance("RSA").generatePublic(
                            new RSAPublicKeySpec(unsigned(jwk, "n"), unsigned(jwk, "e")))));
                    case "EC" -> {
                        if (jwk.path("crv").asText().equals("P-256")) {
                            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                            parameters.init(new ECGenParameterSpec("secp256r1"));
                            ECPoint point = new ECPoint(unsigned(jwk, "x"), unsigned(jwk, "y"));
                            keys.add(new Key(kid, KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                                    point, parameters.getParameterSpec(ECParameterSpec.class)))));
                        }
                    }
                    default -> {
                        // a key type tokens here cannot use
                    }
                }
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a usable JWKS document: " + e.getMessage());
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("JWKS document has no RSA or P-256 signing key");
        }
        return new JwtKeys(null, keys);
    }

    private static BigInteger unsigned(JsonNode jwk, String field) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path(field).asText()));
    }

    byte[] secret() {
        return secret;
    }

    /** Candidate public keys of the given algorithm family ({@code RSA} or {@code EC}) for a token's kid. */
    List<PublicKey> publicKeys(String family, String kid) {
        List<PublicKey> candidates = new ArrayList<>(1);
        for (Key key : publicKeys) {
            boolean kidMatches = kid == null || key.kid() == null || kid.equals(key.kid());
            if (key.key().getAlgorithm().equals(family) && kidMatches) {
                candidates.add(key.key());
            }
        }
        if (candidates.isEmpty() && kid != null) {
            kidUnknown.run();
        }
        return candidates;
    }

    @Override
    public String toString() {
        return "JwtKeys[" + (secret == null ? "" : "secret, ") + publicKeys.size() + " public]";
    }
}
