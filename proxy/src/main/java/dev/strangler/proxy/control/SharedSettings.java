package dev.strangler.proxy.control;

import dev.strangler.migrator.Coexistence.CohortStages;
import dev.strangler.migrator.Coexistence.CohortStages.StageRecord;
import dev.strangler.migrator.RolloutStore;
import dev.strangler.migrator.RolloutStore.RuntimePercent;
import dev.strangler.proxy.tokens.AdminTokens;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every instance applies alike, kept in the state database: the runtime percentages and the cohort stages
 * (applied to {@link RuntimeRollout} together) and the admin tokens. The {@link ControlChannel} re-reads them on
 * their notifications, after every (re)connection of its listener and every {@code every}, the safety net that
 * makes an instance that missed notifications converge all the same.
 */
public final class SharedSettings {

    private static final Logger LOG = Logger.getLogger(SharedSettings.class.getName());

    private final RolloutStore store;
    private final CohortStages stages;
    private final RuntimeRollout rollout;
    private final AdminTokens tokens;
    private final Duration every;

    public SharedSettings(RolloutStore store, CohortStages stages, RuntimeRollout rollout, AdminTokens tokens,
                          Duration every) {
        this.store = store;
        this.stages = stages;
        this.rollout = rollout;
        this.tokens = tokens;
        this.every = every;
    }

    /**
     * Reads the runtime percentages and the cohort stages now and applies them; fails (applying neither) when either
     * cannot be read.
     */
    Future<Map<String, RuntimePercent>> resync() {
        Future<Map<String, RuntimePercent>> percentages = store.all();
        Future<Map<String, StageRecord>> staged = stages.all();
        return Future.all(percentages, staged)
                .onSuccess(both -> {
                    rollout.stages(staged.result());
                    rollout.runtime(percentages.result());
                })
                .onFailure(error -> LOG.log(Level.WARNING, "control channel: cannot read runtime percentages"
                        + " and cohort stages: " + error.getMessage()))
                .map(both -> percentages.result());
    }

    /** Reads the admin tokens again. */
    Future<?> reloadTokens() {
        return tokens.reload();
    }

    /** How often everything is read again without a notification. */
    Duration every() {
        return every;
    }
}
