package dev.strangler.proxy.control;

import dev.strangler.rules.Percent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A cohort's runtime percentage as stored in {@code strangler.rollout}: who set it, when and why, and the version
 * an operator sends back in {@code If-Match} to change it safely.
 *
 * @param cohort    the cohort's name
 * @param percent   the runtime percentage, or null once cleared (the configuration file's value applies)
 * @param version   incremented by every change, starting at 1
 * @param changedBy the actor of the last change
 * @param changedAt when
 * @param reason    the operator's reason, or null
 */
public record RuntimePercent(String cohort, Percent percent, long version, String changedBy, Instant changedAt,
                             String reason) {

    /** The fields {@code GET /admin/rollout} shows for the runtime value. */
    public JsonObject toJson() {
        return new JsonObject().put("percent", percent == null ? null : percent.value())
                .put("version", version).put("changedBy", changedBy)
                .put("changedAt", changedAt.toString()).put("reason", reason);
    }
}
