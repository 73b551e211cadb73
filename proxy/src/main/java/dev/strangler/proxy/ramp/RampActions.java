package dev.strangler.proxy.ramp;

import dev.strangler.config.RampPlan;
import dev.strangler.config.RampsConfig;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Migrator;
import dev.strangler.migrator.RampStore.Ramp;
import dev.strangler.migrator.RampStore.RampRefused;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.rules.Cohort;
import dev.strangler.rules.Decision;
import dev.strangler.config.Percent;
import dev.strangler.rules.RequestFacts;
import dev.strangler.rules.RoutingTable;
import dev.strangler.rules.UserStatus;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What an operator does to a ramp, the same from the admin API and from {@code strangler ramp}: start (with the
 * configured plan or a given one), pause, resume, abort; and the rollback an {@code abort: rollback} plan asks for,
 * which the driver uses too. Changes are made in the state database ({@link dev.strangler.migrator.RampStore}), so
 * they take effect on the whole fleet.
 */
public final class RampActions {

    /** How many users an abort rolls back at once. */
    private static final int ROLLBACK_CONCURRENCY = 4;
    private static final RequestFacts NO_REQUEST = RequestFacts.of("GET", "/");

    private final Migrator migrator;
    private final Supplier<RoutingTable> configured;
    private final Supplier<RampsConfig> ramps;

    /**
     * @param configured the configuration's routing table (runtime percentages are read from the state database)
     * @param ramps      the configured plans
     */
    public RampActions(Migrator migrator, Supplier<RoutingTable> configured, Supplier<RampsConfig> ramps) {
        this.migrator = migrator;
        this.configured = configured;
        this.ramps = ramps;
    }

    /** An abort's ramp and the users it rolled back (empty unless the plan says {@code abort: rollback}). */
    public record Aborted(Ramp ramp, List<Rollbacks.Outcome> rolledBack) {
    }

    /**
     * Starts the cohort's ramp with {@code plan}, or its configured plan when null, from the cohort's effective
     * percentage now.
     */
    public Future<Ramp> start(String cohort, RampPlan plan, String actor, String reason) {
        Cohort known = cohort(cohort);
        RampPlan chosen = plan != null ? plan : ramps.get().plan(cohort).orElseThrow(() -> new RampRefused(
                "cohort " + cohort + " has no ramp plan in the configuration (routing.cohorts[].ramp); give one"));
        return migrator.rollout().all().compose(runtime -> {
            var value = runtime.get(cohort);
            Percent current = value == null || value.percent() == null ? known.percent() : value.percent();
            return migrator.ramps().start(cohort, chosen, current, actor, reason);
        });
    }

    /** The cohort's ramp plan in the configuration ({@code routing.cohorts[].ramp}), if it has one. */
    public Optional<RampPlan> configuredPlan(String cohort) {
        return ramps.get().plan(cohort);
    }

    public Future<Ramp> pause(String cohort, String actor, String reason) {
        cohort(cohort);
        return migrator.ramps().pause(cohort, null, null, actor, reason, null);
    }

    public Future<Ramp> resume(String cohort, String actor, String reason) {
        cohort(cohort);
        return migrator.ramps().resume(cohort, actor, reason);
    }

    /** Aborts the ramp: percentage 0; with {@code abort: rollback}, then rolls back the users it migrated. */
    public Future<Aborted> abort(String cohort, String actor, String reason) {
        cohort(cohort);
        return migrator.ramps().abort(cohort, null, null, actor, reason, null).compose(this::afterAbort);
    }

    /** The rollback an aborted ramp's plan asks for, if any. */
    Future<Aborted> afterAbort(Ramp aborted) {
        if (!aborted.plan().rollback()) {
            return Future.succeededFuture(new Aborted(aborted, List.of()));
        }
        return migrator.ramps().migratedSince(aborted.startedAt())
                .map(keys -> keys.stream().filter(key -> inCohort(key, aborted.cohort())).toList())
                .compose(keys -> migrator.rollbacks().rollback(keys, Trigger.ADMIN, ROLLBACK_CONCURRENCY))
                .map(outcomes -> new Aborted(aborted, outcomes));
    }

    /**
     * Whether the cohort selects this user by key alone (a {@code when:} condition is judged without a request, so a
     * user selected only by request headers is not rolled back).
     */
    private boolean inCohort(String key, String cohort) {
        Decision decision = configured.get().decideRollout(key, NO_REQUEST, UserStatus.NEW);
        return cohort.equals(decision.cohort());
    }

    private Cohort cohort(String name) {
        return configured.get().cohorts().stream().filter(cohort -> cohort.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownCohort(name));
    }

    /** No cohort of that name in the configuration: 404 for the admin API, exit 2 for the command line. */
    public static final class UnknownCohort extends RuntimeException {
        public UnknownCohort(String cohort) {
            super("no cohort named " + cohort + " in the configuration", null, false, false);
        }
    }
}
