package dev.strangler.rules;

import java.nio.charset.StandardCharsets;

/**
 * How a user key becomes a position in a rollout ({@code routing.bucketing}).
 *
 * <p>Both are sticky (a pure function of the key), stable across instances and restarts, and monotonic: raising a
 * percentage only adds users.
 */
public enum Bucketing {

    /**
     * SPEC §3.3: {@code bucket = murmur3_x86_32(seed 0, UTF-8 of SALT + ":" + KEY)} unsigned mod 10000; in the
     * modern share iff {@code bucket < round(percent × 100)}. One salt for all cohorts, two-decimal percentages.
     */
    STRANGLER,

    /**
     * Unleash's flexible rollout ({@code normalized = murmur3_x86_32(seed 0, GROUP + ":" + KEY) % 100 + 1}, in iff
     * {@code normalized <= percent}), so proxy cohorts coincide with an Unleash feature flag whose group id is the
     * cohort's {@code groupId} (default: its name). Percentages act in whole percent: 12.5 behaves as 12.
     */
    UNLEASH;

    /** A per-thread buffer for the UTF-8 bytes being hashed, so that a decision allocates nothing for them. */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[256]);

    /** The SPEC §3.3 bucket, 0..9999. */
    public static int bucket(String salt, String key) {
        return (int) (unsignedHash(salt, key) % 10_000);
    }

    /** Unleash's normalized value, 1..100. */
    public static int unleashNormalized(String groupId, String key) {
        return (int) (unsignedHash(groupId, key) % 100) + 1;
    }

    /** The unsigned murmur3_x86_32 (seed 0) of the UTF-8 bytes of {@code text}. */
    public static long unsignedHash(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Integer.toUnsignedLong(Murmur3.hash32(bytes, bytes.length, 0));
    }

    /** The unsigned hash of {@code prefix + ":" + key}, without building that string. */
    static long unsignedHash(String prefix, String key) {
        int maxLength = (prefix.length() + key.length()) * 3 + 1;
        byte[] buffer = BUFFER.get();
        if (buffer.length < maxLength) {
            buffer = new byte[Math.max(maxLength, buffer.length * 2)];
            BUFFER.set(buffer);
        }
        int length = Utf8.encode(prefix, buffer, 0);
        buffer[length++] = ':';
        length = Utf8.encode(key, buffer, length);
        return Integer.toUnsignedLong(Murmur3.hash32(buffer, length, 0));
    }
}
