package dev.strangler.proxy.admin;

import dev.strangler.config.Percent;
import dev.strangler.migrator.RolloutStore;
import dev.strangler.proxy.control.ControlPlane;
import dev.strangler.proxy.metrics.EventLog;
import dev.strangler.proxy.routing.DecidingResolver;
import dev.strangler.rules.Cohort;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reading and changing cohorts' runtime percentages: the one path every rollout change takes, whether it came from
 * {@code PUT /admin/rollout/{cohort}} or the console. A change is stored and audited (with the version compared
 * under the store's lock), applied here at once and by every other instance on the notification, and logged; a
 * stale version fails with {@link RolloutStore.StaleVersion} after this instance has read the newer value, so the
 * operator's next read shows it.
 */
public final class RolloutChanges {

    static final int REASON_LIMIT = 500;

    private final ControlPlane control;
    private final DecidingResolver resolver;
    private final RolloutStore store;
    private final EventLog log;

    public RolloutChanges(ControlPlane control, DecidingResolver resolver, RolloutStore store, EventLog log) {
        this.control = control;
        this.resolver = resolver;
        this.store = store;
        this.log = log;
    }

    /** Every configured cohort, in configuration order. */
    public List<CohortRollout> cohorts() {
        return control.rollout().configuredTable().cohorts().stream().map(this::describe).toList();
    }

    /** The cohort named so in the configuration, or a 404 {@link AdminError}. */
    public CohortRollout cohort(String name) {
        return control.rollout().configuredTable().cohorts().stream()
                .filter(candidate -> candidate.name().equals(name)).findFirst().map(this::describe)
                .orElseThrow(() -> AdminError.notFound("no cohort named " + name + " in the configuration"));
    }

    private CohortRollout describe(Cohort cohort) {
        return new CohortRollout(cohort, control.rollout().runtimeValues().get(cohort.name()),
                resolver.table().percentages().get(cohort.name()));
    }

    /**
     * Sets the cohort's runtime percentage, or with a null {@code percent} clears it (back to the file's value).
     *
     * @param expected the version the operator read ({@code If-Match}); empty to change whatever is there
     * @param actor    who, as {@link dev.strangler.proxy.tokens.Caller#actor} names them
     * @param reason   why, at most {@value #REASON_LIMIT} characters, or null
     */
    public Future<CohortRollout> change(String name, Percent percent, OptionalLong expected, String actor,
                                        String reason) {
        cohort(name);
        if (reason != null && reason.length() > REASON_LIMIT) {
            throw AdminError.badRequest("reason: " + reason.length() + " characters (expected: at most "
                    + REASON_LIMIT + ")");
        }
        return store.set(name, percent, expected, actor, reason)
                .recover(error -> error instanceof RolloutStore.StaleVersion
                        ? control.channel().resync().transform(read -> Future.failedFuture(error))
                        : Future.failedFuture(error))
                .compose(saved -> control.channel().resync().map(saved))
                .map(saved -> {
                    control.gauges().refreshRollout();
                    log.write("admin_change", new JsonObject().put("action", "rollout")
                            .put("cohort", name).put("percent", percent == null ? null : percent.value())
                            .put("version", saved.version()).put("actor", actor).put("reason", reason));
                    return cohort(name);
                });
    }
}
