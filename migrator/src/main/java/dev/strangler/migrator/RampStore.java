package dev.strangler.migrator;

import dev.strangler.config.RampPlan;
import dev.strangler.rules.Percent;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Automated ramps in the state database ({@code strangler.ramp}, audit in {@code strangler.ramp_audit}), shared by
 * every proxy and by {@code strangler ramp}. Every change of a ramp is one transaction that also changes the
 * cohort's runtime percentage through {@code strangler.rollout} (so a start, step, pause, resume and abort are
 * audited rollout changes too; a pause or resume sets the step's percentage again) and
 * appends to the ramp's audit with its reason and gate values. A change made by the driving instance names itself
 * as {@code holder} and commits only while that instance still holds the cohort's lease; an operator's change
 * ({@code holder} null) needs no lease.
 */
public interface RampStore {

    /** Every ramp ever started, by cohort. */
    Future<Map<String, Ramp>> all();

    /** One cohort's ramp, if one was ever started. */
    Future<Optional<Ramp>> find(String cohort);

    /**
     * Starts a ramp at its first step above {@code current}, the cohort's effective percentage now (a step at or
     * below it would lower the share). Fails with {@link RampRefused} when a ramp of the cohort is running or
     * paused, or when every step is at or below {@code current}.
     */
    Future<Ramp> start(String cohort, RampPlan plan, Percent current, String actor, String reason);

    /**
     * Moves a running ramp to its next step, or completes it after its last; {@code gates} (JSON) are the values that
     * let it. Fails with {@link RampRefused} when the ramp is not at {@code version} or {@code holder} lost its lease.
     */
    Future<Ramp> advance(String cohort, long version, String holder, String reason, String gates);

    /** Holds a running ramp at its step. {@code version} and {@code holder} may be null for an operator's pause. */
    Future<Ramp> pause(String cohort, Long version, String holder, String actor, String reason, String gates);

    /** A paused ramp runs again, its step watched for a whole interval from now. */
    Future<Ramp> resume(String cohort, String actor, String reason);

    /**
     * Ends a running or paused ramp: the cohort's runtime percentage goes to 0, so users not yet migrated stay on
     * legacy (migrated users stay on modern). {@code version} and {@code holder} may be null for an operator's abort.
     */
    Future<Ramp> abort(String cohort, Long version, String holder, String actor, String reason, String gates);

    /**
     * Takes or renews the cohort's lease for {@code holder} until {@code ttl} from now; true when {@code holder}
     * holds it afterwards (it was free, expired, or already theirs).
     */
    Future<Boolean> lease(String cohort, String holder, Duration ttl);

    /** Appends one instance's measurements of a cohort since its previous flush. */
    Future<Void> record(String instance, String cohort, Instant flushedAt, RampCounts counts);

    /** Every instance's measurements of a cohort flushed from {@code from} to {@code to}, both included, summed. */
    Future<RampCounts> measured(String cohort, Instant from, Instant to);

    /** Forgets measurements flushed before {@code before}. */
    Future<Void> forgetMeasurementsBefore(Instant before);

    /** The cohort's audit, newest first. */
    Future<List<RampChange>> history(String cohort, int limit);

    /** Users whose state is MIGRATED by a migration that finished at or after {@code since}. */
    Future<List<String>> migratedSince(Instant since);

    /** Where a ramp stands. */
    enum Status {
        RUNNING, PAUSED, ABORTED, COMPLETED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** True for a ramp that may still change the percentage: running or paused. */
        public boolean isActive() {
            return this == RUNNING || this == PAUSED;
        }
    }

    /**
     * One cohort's ramp.
     *
     * @param cohort        the cohort
     * @param plan          the plan it runs
     * @param status        running, paused, aborted or completed
     * @param step          the index in the plan's steps of the current (or last) step
     * @param stepStartedAt when the current step began to be watched (a resume restarts it)
     * @param startedAt     when the ramp started
     * @param changedBy     who made the last change ({@code ramp:INSTANCE} for the driver)
     * @param changedAt     when
     * @param reason        why
     * @param gates         the gate values behind the last change, as JSON, or null
     * @param version       incremented by every change
     */
    record Ramp(String cohort, RampPlan plan, Status status, int step, Instant stepStartedAt, Instant startedAt,
                String changedBy, Instant changedAt, String reason, String gates, long version) {

        /** The percentage of the current step. */
        public Percent percent() {
            return plan.steps().get(step);
        }
    }

    /** One line of a ramp's audit. */
    record RampChange(long id, String cohort, String action, int step, Percent percent, String changedBy,
                      Instant changedAt, String reason, String gates) {
    }

    /** A ramp change that the ramp's state refuses: 409 for the admin API. */
    final class RampRefused extends RuntimeException {
        public RampRefused(String message) {
            super(message, null, false, false);
        }
    }
}
