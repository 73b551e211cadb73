package dev.strangler.migrator;

import dev.strangler.config.Percent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Runtime rollout percentages in the state database ({@code strangler.rollout}, audit in
 * {@code strangler.rollout_audit}), shared by every proxy instance and by {@code strangler rollout}. A change is
 * one transaction under an advisory lock: compare the expected version, write the row, append the audit entry;
 * the table's trigger notifies every instance at commit.
 */
public interface RolloutStore {

    /** Every cohort that has a runtime row, by name (a cleared one has a null percent). */
    Future<Map<String, RuntimePercent>> all();

    /**
     * Sets (or, with a null percent, clears) a cohort's runtime percentage. With an expected version, a row at any
     * other version (0 when the cohort has none) fails the future with {@link StaleVersion}.
     */
    Future<RuntimePercent> set(String cohort, Percent percent, OptionalLong expectedVersion, String actor,
                               String reason);

    /** The version an operator read is no longer the current one: someone changed the cohort in between. */
    final class StaleVersion extends RuntimeException {
        private final long current;

        public StaleVersion(String cohort, long expected, long current) {
            super("cohort " + cohort + " is at version " + current + ", not " + expected + " (read it again)");
            this.current = current;
        }

        public long current() {
            return current;
        }
    }

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
}
