package dev.strangler.migrator.state;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A ledger entry as read back, with its id and, for a migration, when legacy's cleaned mark was written.
 *
 * @param id        the entry's id
 * @param entry     the entry
 * @param cleanedAt when the cleaned mark of this migration was written in legacy; null if not (yet)
 */
public record LedgerRecord(long id, LedgerEntry entry, Instant cleanedAt) {

    /** The entry as the admin API shows it. */
    public JsonObject toJson() {
        LedgerEntry e = entry;
        return new JsonObject().put("id", id).put("userKey", e.userKey()).put("attempt", e.attempt())
                .put("trigger", e.trigger().id()).put("startedAt", e.startedAt().toString())
                .put("finishedAt", e.finishedAt().toString()).put("durationMs", e.duration().toMillis())
                .put("planVersion", e.planVersion()).put("sourceSnapshot", e.sourceSnapshot())
                .put("targetSnapshot", e.targetSnapshot()).put("errors", Snapshots.errors(e.errors()))
                .put("instanceId", e.instanceId()).put("outcome", e.outcome())
                .put("cleanedAt", cleanedAt == null ? null : cleanedAt.toString());
    }
}
