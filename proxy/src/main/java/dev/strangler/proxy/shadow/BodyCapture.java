package dev.strangler.proxy.shadow;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps the first {@code maxBytes} of a body as it streams, its length, and the SHA-256 of its first
 * {@value #DIGEST_LIMIT} bytes: hashing runs on the event loop, so a sampled multi-gigabyte download must not hold it
 * for seconds. Two long bodies are told apart by their length and that digest.
 */
final class BodyCapture {

    static final long DIGEST_LIMIT = 8L * 1024 * 1024;

    private final int maxBytes;
    private final Buffer kept = Buffer.buffer();
    private final MessageDigest sha256;
    private long length;
    private int status;
    private Map<String, String> headers = Map.of();

    BodyCapture(long maxBytes) {
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes);
        this.sha256 = sha256();
    }

    void head(int status, MultiMap headers) {
        this.status = status;
        Map<String, String> copy = new HashMap<>();
        for (Map.Entry<String, String> header : headers) {
            copy.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + ", " + b);
        }
        this.headers = copy;
    }

    void chunk(Buffer chunk) {
        int room = maxBytes - kept.length();
        if (room > 0) {
            kept.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
        }
        if (length < DIGEST_LIMIT) {
            int hashed = (int) Math.min(DIGEST_LIMIT - length, chunk.length());
            sha256.update(chunk.getBytes(0, hashed));
        }
        length += chunk.length();
    }

    Captured captured() {
        String digest = HexFormat.of().formatHex(sha256.digest()) + ":" + length;
        return new Captured(status, headers, kept.getBytes(), digest, length, length > maxBytes);
    }

    /** SHA-256 is required of every Java platform, so its absence is a broken JVM, not a condition to handle. */
    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
