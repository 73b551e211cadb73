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

    /** The SPEC §3.3 bucket, 0..9999. */
    public static int bucket(String salt, String key) {
        return (int) (unsignedHash(salt + ":" + key) % 10_000);
    }

    /** Unleash's normalized value, 1..100. */
    public static int unleashNormalized(String groupId, String key) {
        return (int) (unsignedHash(groupId + ":" + key) % 100) + 1;
    }

    /** The unsigned murmur3_x86_32 (seed 0) of the UTF-8 bytes of {@code text}. */
    public static long unsignedHash(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Integer.toUnsignedLong(Murmur3.hash32(bytes, bytes.length, 0));
    }
}
