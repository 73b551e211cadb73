package dev.strangler.migrator;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * The sync process's figures (issue 17), as its holder last wrote them to the state database.
 *
 * @param holder       the process holding the slots
 * @param updatedAt    when it wrote them
 * @param lagSeconds   by direction ({@code legacy_to_modern}, {@code modern_to_legacy}): the age of the last change
 *                     applied when it was applied; 0 when idle
 * @param applied      events applied, by direction
 * @param skipped      events skipped, by reason ({@code own_write}, {@code not_migrated}, {@code unchanged}, ...)
 * @param conflicts    conflicts, by entity
 * @param retainedWal  bytes of WAL each slot keeps on its server, by slot
 */
public record SyncStatus(String holder, Instant updatedAt, Map<String, Double> lagSeconds, Map<String, Long> applied,
                         Map<String, Long> skipped, Map<String, Long> conflicts, Map<String, Long> retainedWal) {

    public SyncStatus {
        lagSeconds = Map.copyOf(lagSeconds);
        applied = Map.copyOf(applied);
        skipped = Map.copyOf(skipped);
        conflicts = Map.copyOf(conflicts);
        retainedWal = Map.copyOf(retainedWal);
    }

    public JsonObject toJson() {
        return new JsonObject().put("holder", holder).put("updatedAt", updatedAt.toString())
                .put("lagSeconds", new JsonObject(Map.copyOf(lagSeconds)))
                .put("applied", new JsonObject(Map.copyOf(applied)))
                .put("skipped", new JsonObject(Map.copyOf(skipped)))
                .put("conflicts", new JsonObject(Map.copyOf(conflicts)))
                .put("retainedWalBytes", new JsonObject(Map.copyOf(retainedWal)));
    }

    /** Reads what {@link #toJson()} wrote. */
    public static SyncStatus fromJson(JsonObject json) {
        return new SyncStatus(json.getString("holder"), Instant.parse(json.getString("updatedAt")),
                numbers(json.getJsonObject("lagSeconds"), Double.class), numbers(json.getJsonObject("applied"),
                Long.class), numbers(json.getJsonObject("skipped"), Long.class),
                numbers(json.getJsonObject("conflicts"), Long.class),
                numbers(json.getJsonObject("retainedWalBytes"), Long.class));
    }

    private static <T> Map<String, T> numbers(JsonObject json, Class<T> type) {
        java.util.Map<String, T> values = new java.util.TreeMap<>();
        if (json != null) {
            json.forEach(entry -> values.put(entry.getKey(), type == Double.class
                    ? type.cast(((Number) entry.getValue()).doubleValue())
                    : type.cast(((Number) entry.getValue()).longValue())));
        }
        return values;
    }
}
