package dev.strangler.migrator;

import dev.strangler.config.RampPlan;
import dev.strangler.config.Percent;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
    Future<Void> record(String instance, String cohort, Instant flushedAt, Counts counts);

    /** Every instance's measurements of a cohort flushed from {@code from} to {@code to}, both included, summed. */
    Future<Counts> measured(String cohort, Instant from, Instant to);

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

    /**
     * What proxies measured of one cohort's requests and migrations over some time: per upstream, requests, 5xx
     * answers and a latency histogram; request-triggered migrations and those that ended INVALID, FAILED or TIMEOUT.
     * One instance's flush is one; {@link #plus} sums them over the fleet and an interval.
     *
     * <p>The histogram's buckets grow by 10% from 0.5 ms to about two minutes ({@link #BUCKETS} of them, the last
     * open), so a p99 read from it is at most 10% above the true one, and two p99s compare to within that.
     */
    public record Counts(long legacyRequests, long legacyErrors, long modernRequests, long modernErrors,
                         long[] legacyLatency, long[] modernLatency, long migrations, long migrationFailures) {

        /** How many latency buckets there are. */
        public static final int BUCKETS = 131;
        private static final double FIRST_BOUND_MILLIS = 0.5;
        private static final double GROWTH = 1.1;

        public static final Counts NONE = new Counts(0, 0, 0, 0, new long[BUCKETS], new long[BUCKETS], 0, 0);

        public Counts {
            if (legacyLatency.length != BUCKETS || modernLatency.length != BUCKETS) {
                throw new IllegalArgumentException("latency histograms: " + legacyLatency.length + " and "
                        + modernLatency.length + " buckets (expected: " + BUCKETS + ")");
            }
            legacyLatency = legacyLatency.clone();
            modernLatency = modernLatency.clone();
        }

        /** The bucket a duration falls in. */
        public static int bucketOf(long nanos) {
            double millis = nanos / 1_000_000.0;
            if (millis <= FIRST_BOUND_MILLIS) {
                return 0;
            }
            int bucket = (int) Math.ceil(Math.log(millis / FIRST_BOUND_MILLIS) / Math.log(GROWTH));
            return Math.min(bucket, BUCKETS - 1);
        }

        /** The upper bound of a bucket in milliseconds (the last one's lower bound, since it is open). */
        public static double upperBoundMillis(int bucket) {
            return FIRST_BOUND_MILLIS * Math.pow(GROWTH, Math.min(bucket, BUCKETS - 2));
        }

        /** These counts and {@code other}'s together. */
        public Counts plus(Counts other) {
            long[] legacy = legacyLatency.clone();
            long[] modern = modernLatency.clone();
            for (int i = 0; i < BUCKETS; i++) {
                legacy[i] += other.legacyLatency[i];
                modern[i] += other.modernLatency[i];
            }
            return new Counts(legacyRequests + other.legacyRequests, legacyErrors + other.legacyErrors,
                    modernRequests + other.modernRequests, modernErrors + other.modernErrors, legacy, modern,
                    migrations + other.migrations, migrationFailures + other.migrationFailures);
        }

        /** Legacy's p99 latency in milliseconds, or NaN without requests. */
        public double legacyP99Millis() {
            return p99(legacyLatency);
        }

        /** Modern's p99 latency in milliseconds, or NaN without requests. */
        public double modernP99Millis() {
            return p99(modernLatency);
        }

        public boolean isEmpty() {
            return legacyRequests == 0 && modernRequests == 0 && migrations == 0;
        }

        private static double p99(long[] histogram) {
            long total = Arrays.stream(histogram).sum();
            if (total == 0) {
                return Double.NaN;
            }
            long rank = (long) Math.ceil(total * 0.99);
            long seen = 0;
            for (int i = 0; i < histogram.length; i++) {
                seen += histogram[i];
                if (seen >= rank) {
                    return upperBoundMillis(i);
                }
            }
            return upperBoundMillis(BUCKETS - 1);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Counts that && legacyRequests == that.legacyRequests
                    && legacyErrors == that.legacyErrors && modernRequests == that.modernRequests
                    && modernErrors == that.modernErrors && migrations == that.migrations
                    && migrationFailures == that.migrationFailures && Arrays.equals(legacyLatency, that.legacyLatency)
                    && Arrays.equals(modernLatency, that.modernLatency);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(legacyRequests * 31 + modernRequests) * 31 + Arrays.hashCode(modernLatency);
        }

        @Override
        public String toString() {
            return "legacy " + legacyErrors + "/" + legacyRequests + " 5xx, modern " + modernErrors + "/"
                    + modernRequests
                    + " 5xx, migrations " + migrationFailures + "/" + migrations + " failed";
        }
    }
}
