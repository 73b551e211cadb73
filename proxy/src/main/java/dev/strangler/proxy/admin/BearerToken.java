package dev.strangler.proxy.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The admin token. A presented token is compared by the SHA-256 of both sides with {@link MessageDigest#isEqual},
 * so neither the time taken nor the lengths reveal how much of a guess was right. The token's fingerprint (a hash
 * prefix) names the caller in the audit log when no {@code X-Strangler-Actor} header does.
 */
public final class BearerToken {

    private final byte[] expected;
    private final String fingerprint;

    public BearerToken(String token) {
        this.expected = sha256(token);
        this.fingerprint = "token:" + HexFormat.of().formatHex(expected, 0, 4);
    }

    /** True when {@code authorization} is {@code Bearer <the token>}. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(authorization.substring(7).trim()));
    }

    /** Who made a change: the {@code X-Strangler-Actor} header if sensible, else the token's fingerprint. */
    public String actor(String actorHeader) {
        if (actorHeader == null || actorHeader.isBlank() || actorHeader.length() > 100
                || !actorHeader.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return fingerprint;
        }
        return actorHeader.trim() + " (" + fingerprint + ")";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
