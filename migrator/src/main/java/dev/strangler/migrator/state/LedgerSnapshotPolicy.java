package dev.strangler.migrator.state;

import dev.strangler.config.LedgerSnapshots;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a migration's ledger entry keeps of the user's data, by the plan's {@code ledger.snapshots}: both snapshots
 * ({@code full}), the legacy rows only ({@code source}), or per entity the SHA-256 of its rows' JSON ({@code hash},
 * {@code {"customer": "sha256:3f0a…"}}). {@link #differences} is what verify asks of the recorded snapshot.
 */
public final class LedgerSnapshotPolicy {

    private static final String PREFIX = "sha256:";

    private final LedgerSnapshots mode;

    public LedgerSnapshotPolicy(LedgerSnapshots mode) {
        this.mode = mode;
    }

    /** The source snapshot to record: the rows, or their hashes. */
    public JsonObject source(Map<String, List<Map<String, Object>>> rows) {
        return mode == LedgerSnapshots.HASH ? hashes(rows) : Snapshots.of(rows);
    }

    /** The target snapshot to record: the rows, their hashes, or nothing ({@code source} mode). */
    public JsonObject target(Map<String, List<Map<String, Object>>> rows) {
        return switch (mode) {
            case FULL -> Snapshots.of(rows);
            case SOURCE -> null;
            case HASH -> hashes(rows);
        };
    }

    /**
     * Compares the target snapshot a migration recorded (full rows or hashes) with the user's legacy data
     * transformed now; one line per entity that differs. A source snapshot is not compared: the legacy rows carry
     * what the migration itself changed there (the cleaned mark). Without a target snapshot ({@code source} mode)
     * nothing is compared here, and verify rests on its comparison with the modern rows alone.
     */
    public static List<String> differences(JsonObject recordedTarget, Map<String, List<Map<String, Object>>> now) {
        List<String> found = new ArrayList<>();
        if (recordedTarget == null) {
            return found;
        }
        JsonObject nowJson = Snapshots.of(now);
        for (String entity : nowJson.fieldNames()) {
            Object kept = recordedTarget.getValue(entity);
            boolean same = kept instanceof String hash && hash.startsWith(PREFIX)
                    ? hash.equals(hash(nowJson.getJsonArray(entity)))
                    : nowJson.getJsonArray(entity).equals(kept);
            if (!same) {
                found.add(entity);
            }
        }
        return found;
    }

    private static JsonObject hashes(Map<String, List<Map<String, Object>>> rows) {
        JsonObject full = Snapshots.of(rows);
        JsonObject hashed = new JsonObject();
        for (String entity : full.fieldNames()) {
            hashed.put(entity, hash(full.getJsonArray(entity)));
        }
        return hashed;
    }

    private static String hash(JsonArray rows) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(rows.encode().getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ledger.snapshots: " + mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
