package dev.strangler.migrator.bulk;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Backfills.BatchWrites;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.state.Claim;
import dev.strangler.migrator.state.LedgerSnapshotPolicy;
import dev.strangler.migrator.state.LockedUser;
import dev.strangler.migrator.state.StateChange;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The backfill's set-based load path: migrates a batch of users with one legacy read per entity and one modern
 * transaction, giving each user the outcome, modern rows, state and ledger entry the per-user path would give.
 *
 * <p>In the modern transaction it takes the locks of the batch's users that are free (a user whose migration a
 * request is running is left to the per-user path), checks each user's backfill claim (a lost claim gives
 * {@code ClaimLost} and writes nothing of that user), reads their states under the locks (migrated, rolling-back
 * and rolled-back users are left alone as an attempt leaves them; users pinned to legacy are never migrated), waits
 * for their requests in flight to legacy on this instance (users still busy go one by one), reads the others' data
 * from legacy in one snapshot ({@link BatchRead}), validates and transforms each user as an attempt does (on a
 * worker thread, {@link BatchCheck}), writes
 * every valid user's rows with one statement per entity ({@link BatchUpsert}), then every user's ledger entry and
 * state row with one statement each. After the commit, each migrated user's cleaned mark goes through the engine's
 * fenced marker ({@link BatchFence}). A batch that fails at either database is rolled back and retried user by user
 * through the per-user path, so one row the database refuses fails only its own user.
 */
public final class BatchLoad {

    private static final Logger LOG = Logger.getLogger(BatchLoad.class.getName());
    private static final int ONE_BY_ONE_LANES = 4;

    private final Parts parts;
    private final MigrationPlan plan;
    private final PlanSteps steps;
    private final BatchCheck check;
    private final BatchRead read;
    private final List<BatchUpsert> upserts;

    private BatchLoad(Parts parts, BatchWrites writes) {
        this.parts = parts;
        this.plan = parts.plan();
        this.steps = parts.steps();
        this.check = new BatchCheck(steps, new LedgerSnapshotPolicy(plan.snapshots()));
        this.read = new BatchRead(parts.legacy(), plan.entities(), steps);
        List<BatchUpsert> targets = new ArrayList<>();
        for (EntityPlan entity : plan.entities()) {
            targets.add(new BatchUpsert(entity, steps, writes));
        }
        this.upserts = List.copyOf(targets);
    }

    /** The load path of a plan, on the engine's parts. */
    public static BatchLoad of(Parts parts, BatchWrites writes) {
        return new BatchLoad(parts, writes);
    }

    /**
     * What a batch load runs on: the engine's own pools, plan and steps, the engine itself for users that go one by
     * one, and its repair of owed cleaned marks.
     *
     * @param engine      the per-user path, with its single flight
     * @param legacy      the legacy pool
     * @param modern      the modern pool (user states and ledger)
     * @param plan        the plan
     * @param steps       the plan's steps as the engine runs them
     * @param fence       the per-user path's fences, applied to the batch ({@link BatchFence})
     * @param connections connections per pool: batches in flight hold at most a quarter of them (see
     *                    {@link #maxInFlight})
     */
    public record Parts(MigrationEngine engine, Pool legacy, Pool modern, MigrationPlan plan, PlanSteps steps,
                        BatchFence fence, int connections) {
    }

    /**
     * How many batches may be in flight at once: a quarter of the pool, since each holds a modern connection for its
     * whole transaction and a legacy one for its read, and the claims, the cleaned marks' bookkeeping and the users
     * that go one by one need connections meanwhile. A pool mostly held by batches made them wait past the pool's
     * timeout on a busy machine, and the run crawled.
     */
    public int maxInFlight() {
        return Math.max(1, parts.connections() / 4);
    }

    /** False when an extension replaced an entity's source or target: then every user goes one by one. */
    public boolean available() {
        return steps.plainStatements();
    }

    /** Migrates the users (not yet migrated ones; others as the per-user path treats them). Never fails. */
    public Future<BatchResult> migrate(List<String> keys, Trigger trigger) {
        return migrate(keys, Map.of(), trigger);
    }

    /**
     * Migrates a backfill worker's claimed users with trigger {@code BACKFILL}, fenced by each claim as the per-user
     * path is: a user whose claim the batch's transaction no longer finds gets {@code ClaimLost} and nothing of theirs
     * is written. Never fails.
     */
    public Future<BatchResult> migrateClaimed(List<Claim> claimed) {
        Map<String, Claim> claims = new LinkedHashMap<>();
        claimed.forEach(claim -> claims.put(claim.userKey(), claim));
        return migrate(List.copyOf(claims.keySet()), claims, Trigger.BACKFILL);
    }

    private Future<BatchResult> migrate(List<String> keys, Map<String, Claim> claims, Trigger trigger) {
        if (keys.isEmpty() || !available()) {
            return oneByOne(keys, claims, trigger)
                    .map(outcomes -> new BatchResult(outcomes, Duration.ZERO, keys.size()));
        }
        Clock clock = steps.clock();
        Attempt attempt = new Attempt(keys, claims, trigger, clock.instant());
        return parts.modern().getConnection()
                .compose(connection -> connection.begin().compose(tx -> attempt.run(connection)
                                .compose(done -> tx.commit())
                                .onFailure(error -> tx.rollback()))
                        .eventually(connection::close))
                .compose(committed -> parts.fence().markEach(attempt.migratedKeys()))
                .compose(marked -> oneByOne(attempt.leftToRequests, claims, trigger))
                .map(others -> {
                    Map<String, MigrationEngine.Outcome> all = new HashMap<>(attempt.outcomes);
                    others.forEach(outcome -> all.put(outcome.userKey(), outcome));
                    return new BatchResult(keys.stream().map(all::get).toList(), attempt.legacyRead,
                            attempt.leftToRequests.size());
                })
                .recover(error -> {
                    LOG.log(Level.FINE, "batch of " + keys.size() + " retried user by user: " + error);
                    return oneByOne(keys, claims, trigger).map(outcomes -> new BatchResult(outcomes, attempt.legacyRead,
                            keys.size()));
                });
    }

    /** Users one by one through the engine: a claimed user through the claim-fenced attempt. */
    private Future<List<MigrationEngine.Outcome>> oneByOne(List<String> keys, Map<String, Claim> claims,
            Trigger trigger) {
        MigrationEngine.Outcome[] outcomes = new MigrationEngine.Outcome[keys.size()];
        AtomicInteger cursor = new AtomicInteger();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(ONE_BY_ONE_LANES, keys.size()); i++) {
            lanes.add(lane(keys, claims, trigger, cursor, outcomes));
        }
        return Future.join(lanes).map(done -> List.of(outcomes));
    }

    private Future<Void> lane(List<String> keys, Map<String, Claim> claims, Trigger trigger, AtomicInteger cursor,
                              MigrationEngine.Outcome[] outcomes) {
        int index = cursor.getAndIncrement();
        if (index >= keys.size()) {
            return Future.succeededFuture();
        }
        String key = keys.get(index);
        Claim claim = claims.get(key);
        Future<MigrationEngine.Outcome> attempt = claim == null ? parts.engine().ensureMigrated(key, trigger)
                : parts.fence().claimed().apply(claim);
        return attempt
                .otherwise(error -> new MigrationEngine.Outcome.Failed(key, String.valueOf(error.getMessage())))
                .compose(outcome -> {
                    outcomes[index] = outcome;
                    return lane(keys, claims, trigger, cursor, outcomes);
                });
    }

    /** One batch's transaction and what it decided for each user. */
    private final class Attempt {

        private final List<String> keys;
        private final Map<String, Claim> claims;
        private final Trigger trigger;
        private final Instant started;
        private final Map<String, MigrationEngine.Outcome> outcomes = new LinkedHashMap<>();
        private final List<String> leftToRequests = new ArrayList<>();
        private Duration legacyRead = Duration.ZERO;

        Attempt(List<String> keys, Map<String, Claim> claims, Trigger trigger, Instant started) {
            this.keys = keys;
            this.claims = claims;
            this.trigger = trigger;
            this.started = started;
        }

        List<String> migratedKeys() {
            return outcomes.values().stream().filter(o -> o instanceof MigrationEngine.Outcome.Migrated)
                    .map(MigrationEngine.Outcome::userKey).toList();
        }

        Future<Void> run(SqlConnection modern) {
            return BatchStates.lock(modern, keys).compose(batch -> {
                Map<String, LockedUser> locked = batch.users();
                return parts.fence().lostClaims(modern, List.copyOf(locked.keySet()), claims)
                        .compose(lost -> decide(modern, locked, lost));
            });
        }

        /**
         * What the per-user path would decide for each user, under the locks: lost claims, pins, states; then the
         * write fence before the legacy read (users whose legacy requests are still running go one by one), the
         * read, and the load.
         */
        private Future<Void> decide(SqlConnection modern, Map<String, LockedUser> locked, Set<String> lost) {
            List<String> candidates = new ArrayList<>();
            for (String key : keys) {
                LockedUser user = locked.get(key);
                if (user == null) {
                    leftToRequests.add(key);
                } else if (lost.contains(key)) {
                    outcomes.put(key, new MigrationEngine.Outcome.ClaimLost(key, user.state(),
                            claims.get(key).owner()));
                } else if (user.pinnedToLegacy()) {
                    outcomes.put(key, new MigrationEngine.Outcome.NotAttempted(key, user.state(),
                            "pinned to legacy by an operator; no trigger migrates the user"));
                } else if (user.state() == UserState.MIGRATED) {
                    outcomes.put(key, new MigrationEngine.Outcome.AlreadyMigrated(key));
                } else if (user.state() == UserState.ROLLING_BACK) {
                    outcomes.put(key, new MigrationEngine.Outcome.NotAttempted(key, user.state(),
                            "a rollback of the user is under way"));
                } else if (user.state() == UserState.ROLLED_BACK) {
                    outcomes.put(key, new MigrationEngine.Outcome.NotAttempted(key, user.state(),
                            "rolled back by an operator; only a forced run migrates the user again"));
                } else {
                    candidates.add(key);
                }
            }
            return parts.fence().stillBusy(candidates).compose(busy -> {
                leftToRequests.addAll(busy);
                List<String> drained = candidates.stream().filter(key -> !busy.contains(key)).toList();
                if (drained.isEmpty()) {
                    return Future.succeededFuture();
                }
                Instant reading = steps.clock().instant();
                return read.read(drained).compose(sources -> {
                    legacyRead = Duration.between(reading, steps.clock().instant());
                    return check.check(drained, sources).compose(checked -> load(modern, checked)
                            .compose(loaded -> record(modern, checked, locked)));
                });
            });
        }

        private Future<Void> load(SqlConnection modern, List<BatchCheck.Checked> checked) {
            Future<Void> chain = Future.succeededFuture();
            for (BatchUpsert upsert : upserts) {
                List<Map<String, Object>> rows = new ArrayList<>();
                checked.stream().filter(BatchCheck.Checked::valid).forEach(user -> rows.addAll(
                        user.dryRun().target().getOrDefault(upsert.entity(), List.of())));
                chain = chain.compose(previous -> upsert.load(modern, rows));
            }
            return chain;
        }

        private Future<Void> record(SqlConnection modern, List<BatchCheck.Checked> checked,
                                    Map<String, LockedUser> locked) {
            Instant finished = steps.clock().instant();
            List<BatchStates.Entry> entries = new ArrayList<>(checked.size());
            for (BatchCheck.Checked user : checked) {
                entries.add(new BatchStates.Entry(user.userKey(), locked.get(user.userKey()).nextAttempt(),
                        user.source(), user.target(), user.errors(), user.valid() ? "MIGRATED" : "INVALID"));
            }
            return BatchStates.append(modern, entries, new BatchStates.Times(trigger, started, finished,
                    plan.version(), steps.instanceId())).compose(ids -> {
                List<StateChange> changes = new ArrayList<>(checked.size());
                for (BatchCheck.Checked user : checked) {
                    DryRun dryRun = user.dryRun();
                    String key = dryRun.userKey();
                    long ledgerId = ids.get(key);
                    int attempt = locked.get(key).nextAttempt();
                    MigrationEngine.Outcome outcome = dryRun.wouldMigrate() ? new MigrationEngine.Outcome.Migrated(key,
                            ledgerId)
                            : new MigrationEngine.Outcome.Invalid(key, dryRun.violations());
                    outcomes.put(key, outcome);
                    changes.add(new StateChange(key, outcome.state(), attempt, finished,
                            dryRun.wouldMigrate() ? null : outcome.detail(), ledgerId, dryRun.wouldMigrate()));
                }
                return BatchStates.record(modern, changes, finished)
                        .compose(recorded -> parts.fence().marks().owe(modern, migratedKeys()));
            });
        }
    }
}
