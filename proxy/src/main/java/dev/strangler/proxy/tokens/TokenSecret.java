package dev.strangler.proxy.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A token's secret and its SHA-256, the only form in which a token is stored or compared. A new secret carries 256
 * random bits, so a plain SHA-256 is enough to keep it from being recovered from the database; a slow password hash
 * would only slow every admin call down.
 */
public final class TokenSecret {

    /** Marks a Strangler admin token, so secret scanners and people recognise one that leaked. */
    public static final String PREFIX = "stg_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecret() {
    }

    /** A new secret: {@value #PREFIX} and 43 characters of URL-safe base64 (256 random bits). */
    public static String generate() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** The SHA-256 of the secret's UTF-8 bytes. */
    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The hash as {@code admin.tokens[].sha256} takes it: 64 lower-case hexadecimal digits. */
    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }
}
