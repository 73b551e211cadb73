package dev.strangler.proxy.metrics;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * One JSON line per event an operator may need to reconstruct later: each migration attempt and each admin
 * change (who, what, when). With {@code logging.hashUserKeys}, user keys are written as a SHA-256 prefix, which
 * still lets one grep for a given user (hash the key the same way) without the log holding the keys.
 */
public final class EventLog {

    private final PrintStream out;
    private final Clock clock;
    private final boolean hashUserKeys;

    public EventLog(PrintStream out, Clock clock, boolean hashUserKeys) {
        this.out = out;
        this.clock = clock;
        this.hashUserKeys = hashUserKeys;
    }

    /** Writes {@code fields} as one line, with {@code time} and {@code event} first. */
    public void write(String event, JsonObject fields) {
        JsonObject line = new JsonObject().put("time", clock.instant().toString()).put("event", event)
                .mergeIn(fields);
        String text = line.encode();
        synchronized (out) {
            out.println(text);
        }
    }

    /** The user key as logs may show it. */
    /** Whether user keys are written hashed ({@code logging.hashUserKeys}). */
    public boolean hashesUserKeys() {
        return hashUserKeys;
    }

    public String user(String userKey) {
        if (!hashUserKeys || userKey == null) {
            return userKey;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(userKey.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
