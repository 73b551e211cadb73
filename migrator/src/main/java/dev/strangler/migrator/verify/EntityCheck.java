package dev.strangler.migrator.verify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One entity of one user, compared: the rows the plan makes of the user's legacy data today, written the way the
 * upsert writes them, against the modern rows with the same keys.
 *
 * @param entity          the entity's name in the plan
 * @param expectedRows    rows the plan makes of the legacy data
 * @param foundRows       of those, rows found in modern
 * @param expectedChecksum SHA-256 over every mapped field of the expected rows, as modern would store them
 * @param foundChecksum   the same over the rows found in modern
 * @param differences     one line per difference: a missing row, or a field whose value differs
 */
public record EntityCheck(String entity, int expectedRows, int foundRows, String expectedChecksum,
                          String foundChecksum, List<String> differences) {

    public EntityCheck {
        differences = List.copyOf(differences);
    }

    /** True when counts, checksums and every field agree. */
    public boolean clean() {
        return differences.isEmpty() && expectedRows == foundRows && expectedChecksum.equals(foundChecksum);
    }

    public JsonObject toJson() {
        return new JsonObject().put("entity", entity).put("expectedRows", expectedRows).put("foundRows", foundRows)
                .put("expectedChecksum", expectedChecksum).put("foundChecksum", foundChecksum)
                .put("clean", clean()).put("differences", new JsonArray(differences));
    }
}
