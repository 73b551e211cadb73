package dev.strangler.migrator;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * How one worker's backfill ended.
 *
 * @param seeded   users given a {@code PENDING} state row from the plan's {@code users} query at the start
 * @param progress the last progress: counts per outcome and failures per rule
 * @param stopped  true when {@link Backfill#stop()} ended it before the work list was empty
 */
public record BackfillSummary(long seeded, BackfillProgress progress, boolean stopped) {

    /** Invalid and failed users per broken rule. */
    public Map<String, Long> failuresByRule() {
        return progress.failuresByRule();
    }

    /** The summary as the admin API answers it: the last progress, users seeded, whether it was stopped. */
    public JsonObject toJson() {
        return progress.toJson().put("seeded", seeded).put("stopped", stopped);
    }

    /** True when no attempt failed or timed out (invalid users are recorded, not errors). */
    public boolean withoutErrors() {
        return progress.failed() == 0;
    }
}
