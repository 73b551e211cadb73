package dev.strangler.proxy.admin;

import dev.strangler.migrator.RolloutStore.RuntimePercent;
import dev.strangler.rules.Cohort;
import dev.strangler.config.Percent;
import io.vertx.core.json.JsonObject;

/**
 * One cohort's rollout as an operator reads it: the configuration file's percentage, the runtime one (who set it,
 * when, why, and the version to send back in {@code If-Match}) and the one this instance applies.
 *
 * @param cohort    the cohort as configured
 * @param runtime   the runtime row, or null when the cohort never had one
 * @param effective the percentage this instance routes by, or null when unknown
 */
public record CohortRollout(Cohort cohort, RuntimePercent runtime, Percent effective) {

    public String name() {
        return cohort.name();
    }

    /** The version a change must name in {@code If-Match}: 0 before the first runtime change. */
    public long version() {
        return runtime == null ? 0 : runtime.version();
    }

    /** What {@code GET /admin/rollout} shows for the cohort. */
    public JsonObject toJson() {
        return new JsonObject().put("cohort", cohort.name()).put("configured", cohort.percent().value())
                .put("runtime", runtime == null || runtime.percent() == null ? null : runtime.percent().value())
                .put("effective", effective == null ? null : effective.value())
                .put("version", version())
                .put("changedBy", runtime == null ? null : runtime.changedBy())
                .put("changedAt", runtime == null ? null : runtime.changedAt().toString())
                .put("reason", runtime == null ? null : runtime.reason());
    }
}
