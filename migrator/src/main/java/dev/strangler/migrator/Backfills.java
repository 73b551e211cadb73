package dev.strangler.migrator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Backfill (SPEC §4.5): migrates every user who has not come back on their own, through the same engine and per-user
 * lock as lazy migration, safely from several machines at once. Stopping and starting again resumes: the state is
 * the work list.
 *
 * <pre>{@code
 * Backfills.Running running = migrator.backfills().start(Settings.defaults().withRate(500), listener, clock);
 * running.progress();   // any time
 * running.stop();       // finishes the users in flight, releases the rest; completes with the summary
 * running.done();       // completes when the work list is empty (or stopped)
 * }</pre>
 */
public interface Backfills {

    /** Seeds the state rows and starts one worker; the handle answers at once. */
    Running start(Settings settings, Listener listener, Clock clock);

    /** One backfill worker, running. */
    interface Running {

        /**
         * Completes with the summary when the work list is empty or the run was stopped; fails if the state
         * database could not be read or written.
         */
        Future<Summary> done();

        /** Lets the attempts in flight finish, releases this worker's other claims, and completes like done. */
        Future<Summary> stop();

        /** Where the run is now. */
        Progress progress();
    }

    /**
     * The knobs of one backfill worker. Build from {@link #defaults()} and the {@code with*} methods; each checks its
     * value and says what it expected.
     *
     * @param rate          users started per second at most; 0 for no limit ({@code --rate}, default 200). The brake
     *                      lowers the effective rate below this, never above it
     * @param concurrency   users in flight at once, or with the set-based load path batches in flight (at most a
     *                      quarter of the engine's pool) ({@code --concurrency}, default 8)
     * @param batchSize     users claimed per round trip to the state database (default 64; with the set-based load
     *                      path each batch in flight claims on its own, {@code loadBatch} users or its share of
     *                      {@code batchSize} if that is more)
     * @param lease         how long a claim holds before another worker may take the user: longer than a batch takes,
     *                      short enough that a crashed worker's users are not stranded for long (default 2 minutes)
     * @param limit         users attempted at most by this worker; 0 for all ({@code --limit})
     * @param retryFailed   also users whose state is {@code FAILED} or {@code INVALID}, each once per run
     *                      ({@code --retry-failed})
     * @param selects       which users this worker migrates (the {@code --cohort} filter); a user it does not select
     *                      is released at once
     * @param maxLatency    the brake's latency bound: when the median attempt time of the last {@code window} attempts
     *                      exceeds it, the rate is halved (default 500ms). An attempt is dominated by the legacy
     *                      fetches, so a slow attempt means a loaded legacy database
     * @param maxErrorRate  the brake's error bound: the share of failed or timed-out attempts in the window above which
     *                      the rate is halved (default 0.05)
     * @param window        attempts per brake decision (default 50); below both bounds the rate grows back by a tenth
     *                      of the configured rate per window
     * @param seedChunk     legacy user keys read and seeded into {@code strangler.user_state} per statement
     *                      (default 10,000)
     * @param workerId      this worker's name on its claims, unique per process
     * @param loadBatch     users migrated together by the set-based load path (one legacy read per entity, one modern
     *                      transaction; see {@code bulk.BatchLoad}); 0 migrates each user on its own as a request
     *                      would (default 64, {@code --load-batch})
     * @param writes        how a batch's rows are written to modern (default {@code MULTI_ROW})
     */
    public record Settings(double rate, int concurrency, int batchSize, Duration lease, long limit,
                           boolean retryFailed, Predicate<String> selects, Duration maxLatency,
                           double maxErrorRate, int window, int seedChunk, String workerId, int loadBatch,
                           BatchWrites writes) {

        public Settings {
            BackfillSettingsCheck.check(rate, concurrency, batchSize, lease, limit, selects, maxLatency, maxErrorRate,
                    window, seedChunk, workerId, loadBatch, writes);
        }

        /**
         * The defaults, every user selected, named {@code PID@host} after this process; the host is the system property
         * {@code strangler.host}, else {@code localhost}. A process's composition root, which reads the environment,
         * names the worker after its host with {@link #defaults(String)}.
         */
        public static Settings defaults() {
            return defaults("localhost");
        }

        /**
         * The defaults, named {@code PID@host} after this process on {@code host} (unless {@code strangler.host} says).
         */
        public static Settings defaults(String host) {
            return new Settings(200, 8, 64, Duration.ofMinutes(2), 0, false, key -> true,
                    Duration.ofMillis(500), 0.05, 50, 10_000,
                    ProcessHandle.current().pid() + "@" + System.getProperty("strangler.host", host), 64,
                    BatchWrites.MULTI_ROW);
        }

        public Settings withRate(double value) {
            return new Settings(value, concurrency, batchSize, lease, limit, retryFailed, selects, maxLatency,
                    maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
        }

        public Settings withConcurrency(int value) {
            return new Settings(rate, value, Math.max(batchSize, value), lease, limit, retryFailed, selects,
                    maxLatency, maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
        }

        public Settings withBatchSize(int value) {
            return new Settings(rate, concurrency, value, lease, limit, retryFailed, selects, maxLatency,
                    maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
        }

        public Settings withLease(Duration value) {
            return new Settings(rate, concurrency, batchSize, value, limit, retryFailed, selects, maxLatency,
                    maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
        }

        public Settings withLimit(long value) {
            return new Settings(rate, concurrency, batchSize, lease, value, retryFailed, selects, maxLatency,
                    maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
        }

        public Settings withRetryFailed(boolean value) {
            return new Settings(rate, concurrency, batchSize, lease, limit, value, selects, maxLatency,
                    maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
        }

        public Settings withSelects(Predicate<String> value) {
            return new Settings(rate, concurrency, batchSize, lease, limit, retryFailed, value, maxLatency,
                    maxErrorRate, window, seedChunk, workerId, loadBatch, writes);
        }

        public Settings withBrake(Duration latency, double errorRate, int attempts) {
            return new Settings(rate, concurrency, batchSize, lease, limit, retryFailed, selects, latency,
                    errorRate, attempts, seedChunk, workerId, loadBatch, writes);
        }

        public Settings withSeedChunk(int value) {
            return new Settings(rate, concurrency, batchSize, lease, limit, retryFailed, selects, maxLatency,
                    maxErrorRate, window, value, workerId, loadBatch, writes);
        }

        public Settings withWorkerId(String value) {
            return new Settings(rate, concurrency, batchSize, lease, limit, retryFailed, selects, maxLatency,
                    maxErrorRate, window, seedChunk, value, loadBatch, writes);
        }

        public Settings withLoadBatch(int value) {
            return new Settings(rate, concurrency, batchSize, lease, limit, retryFailed, selects, maxLatency,
                    maxErrorRate, window, seedChunk, workerId, value, writes);
        }

        public Settings withWrites(BatchWrites value) {
            return new Settings(rate, concurrency, batchSize, lease, limit, retryFailed, selects, maxLatency,
                    maxErrorRate, window, seedChunk, workerId, loadBatch, value);
        }
    }

    /**
     * Where one worker's backfill is: {@code 1200/5000 users, 85.3/s, ETA 44s, 1150 migrated, 3 invalid, 0 failed}.
     *
     * @param done           users this worker attempted
     * @param total          users eligible when the run started (all workers' share), plus those it attempted
     * @param elapsed        time since the run started
     * @param migrated       attempts that migrated the user
     * @param invalid        attempts that found the user's data invalid
     * @param failed         attempts that failed or timed out
     * @param failuresByRule invalid and failed users per broken rule ({@code (error)} for failures that break no rule)
     * @param rateLimit      the rate limit in force now, users/s (0: none), lowered by the brake when it acts
     */
    public record Progress(long done, long total, Duration elapsed, long migrated, long invalid, long failed,
                           Map<String, Long> failuresByRule, double rateLimit) {

        public Progress {
            failuresByRule = Map.copyOf(failuresByRule);
        }

        /** Users per second so far; 0 before the first completes. */
        public double rate() {
            double seconds = elapsed.toMillis() / 1000.0;
            return seconds <= 0 ? 0 : done / seconds;
        }

        /** Time left at the current rate; null until there is a rate. */
        public Duration eta() {
            double rate = rate();
            return rate <= 0 ? null : Duration.ofMillis((long) (Math.max(0, total - done) / rate * 1000));
        }

        /** The progress as the admin API's {@code GET /admin/backfill} answers it. */
        public JsonObject toJson() {
            return BackfillProgressText.json(this);
        }

        @Override
        public String toString() {
            return BackfillProgressText.line(this);
        }
    }

    /**
     * How one worker's backfill ended.
     *
     * @param seeded   users given a {@code PENDING} state row from the plan's {@code users} query at the start
     * @param progress the last progress: counts per outcome and failures per rule
     * @param stopped  true when {@link Backfill#stop()} ended it before the work list was empty
     */
    public record Summary(long seeded, Progress progress, boolean stopped) {

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

    /**
     * What a backfill reports as it goes, for a progress line and for metrics: the proxy binds these to Micrometer
     * counters and gauges, the command line prints the progress. Every method has an empty default; they are called on
     * event-loop threads and must not block.
     */
    public interface Listener {

        /** Nothing listens. */
        Listener NONE = new Listener() {
        };

        /** One user's attempt ended, after {@code took}. */
        default void attempted(MigrationEngine.Outcome outcome, Duration took) {
        }

        /** Where the run is, after each attempt (a listener that prints should throttle itself). */
        default void progress(Progress progress) {
        }

        /** The brake changed the rate limit to {@code usersPerSecond}, for the reason given. */
        default void braked(double usersPerSecond, String reason) {
        }
    }

    /**
     * How a backfill ends when its worker found a claim it no longer holds: another worker took the user over after
     * this worker's lease ran out (paused, stalled, cut off from the database). The worker wrote nothing for that user
     * and stopped at once; the users it still had are the new owner's. Running the backfill again resumes safely.
     */
    public final class LeaseLost extends RuntimeException {

        private final transient Progress progress;

        public LeaseLost(String workerId, MigrationEngine.Outcome.ClaimLost lost, Progress progress) {
            super("backfill worker " + workerId + " lost its claim on user " + lost.userKey()
                    + " (its lease expired and another worker may have taken the user over): stopped without acting"
                    + " on its remaining claims after " + progress.done() + " users; run strangler backfill again"
                    + " to resume", null, false, false);
            this.progress = progress;
        }

        /** Where the run was when it stopped. */
        public Progress progress() {
            return progress;
        }
    }

    /**
     * How the backfill's set-based load path writes a batch's rows of one entity to modern
     * ({@link Settings#writes()}; measured in {@code bench/results/backfill.md}).
     */
    public enum BatchWrites {
        /**
         * One multi-row statement per entity: the plan's upsert with its {@code VALUES (...)} turned into a
         * {@code SELECT} over {@code unnest} of one array per parameter (see {@code bulk.BatchUpsert}). An upsert of
         * another shape is sent as {@link #BATCHED}.
         */
        MULTI_ROW,
        /** The plan's upsert once per row, every row of the batch sent in one round trip ({@code executeBatch}). */
        BATCHED
    }
}
