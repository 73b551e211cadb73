package dev.strangler.migrator.backfill;

import dev.strangler.migrator.BackfillLeaseLost;
import dev.strangler.migrator.BackfillListener;
import dev.strangler.migrator.BackfillProgress;
import dev.strangler.migrator.BackfillSettings;
import dev.strangler.migrator.BackfillSummary;
import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.MigrationOutcome;
import dev.strangler.migrator.Violation;
import dev.strangler.migrator.state.Claim;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One backfill worker, running: migrates every eligible user (see {@link BackfillClaims}) through the engine's
 * {@link ClaimedMigrations#migrateClaimed} (trigger {@code BACKFILL}, fenced by the claim), so a user who arrives meanwhile shares the attempt
 * (single flight in this process, the per-user advisory lock across processes) and is never migrated twice.
 *
 * <p>It seeds the state rows, then claims batches in key order and works through each with {@code concurrency}
 * attempts in flight, under the {@link Brake}. When a pass reaches the last key it starts over once, for users whose
 * claims expired meanwhile (a crashed worker's); it waits while another worker's live lease holds eligible users,
 * and ends when a pass finds nothing to do. Stopping and starting again resumes: the state is the work list.
 *
 * <p>Started through {@link Backfills#start}, which {@link Workers} wires to the engine and the databases.
 */
final class Backfill implements Backfills.Running {

    private final Vertx vertx;
    private final ClaimedMigrations migrator;
    private final BackfillSettings settings;
    private final BackfillListener listener;
    private final Clock clock;
    private final Instant started;
    private final BackfillClaims claims;
    private final Brake brake;
    private final Promise<BackfillSummary> finished = Promise.promise();
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong migrated = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, Long> byRule = new ConcurrentHashMap<>();
    private volatile long total;
    private volatile long seeded;
    private volatile boolean stopping;
    private volatile MigrationOutcome.ClaimLost lost;

    private Backfill(Vertx vertx, ClaimedMigrations migrator, Pool legacy, Pool modern, String users,
                     BackfillSettings settings, BackfillListener listener, Clock clock) {
        this.vertx = vertx;
        this.migrator = migrator;
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
        this.started = clock.instant();
        this.claims = new BackfillClaims(legacy, modern, users, started, settings);
        this.brake = new Brake(vertx, clock, settings, listener);
    }

    /** Seeds the state rows and starts working; the handle answers at once. */
    static Backfill start(Vertx vertx, ClaimedMigrations migrator, Pool legacy, Pool modern, String users,
                          BackfillSettings settings, BackfillListener listener, Clock clock) {
        Backfill backfill = new Backfill(vertx, migrator, legacy, modern, users, settings, listener, clock);
        backfill.claims.seed()
                .compose(added -> {
                    backfill.seeded = added;
                    return backfill.claims.remaining();
                })
                .onSuccess(remaining -> {
                    backfill.total = settings.limit() > 0 ? Math.min(remaining, settings.limit()) : remaining;
                    backfill.next("", false);
                })
                .onFailure(backfill.finished::tryFail);
        return backfill;
    }

    /**
     * Completes with the summary when the work list is empty or the run was stopped; fails if the state database
     * could not be read or written, and with {@link BackfillLeaseLost} when this worker lost a claim (it stops at
     * the first: a worker paused past its lease must not act on a batch another worker took over).
     */
    @Override
    public Future<BackfillSummary> done() {
        return finished.future();
    }

    /** Lets the attempts in flight finish, releases this worker's other claims, and completes like {@link #done}. */
    @Override
    public Future<BackfillSummary> stop() {
        stopping = true;
        return finished.future();
    }

    /** Where the run is now. */
    @Override
    public BackfillProgress progress() {
        return new BackfillProgress(attempted.get(), Math.max(total, attempted.get()),
                Duration.between(started, clock.instant()), migrated.get(), invalid.get(), failed.get(), byRule,
                brake.rate());
    }

    private boolean limitReached() {
        return settings.limit() > 0 && attempted.get() >= settings.limit();
    }

    /** One step of the loop; each step schedules the next, so a long run builds no chain of futures. */
    private void next(String after, boolean passAttempted) {
        if (stopping || limitReached()) {
            finish();
            return;
        }
        int size = settings.limit() > 0
                ? (int) Math.min(settings.batchSize(), settings.limit() - attempted.get()) : settings.batchSize();
        claims.claim(after, size).onComplete(claimed -> {
            if (claimed.failed()) {
                finished.tryFail(claimed.cause());
                return;
            }
            List<Claim> batch = claimed.result();
            if (batch.isEmpty()) {
                endOfPass(passAttempted);
                return;
            }
            List<String> keys = batch.stream().map(Claim::userKey).toList();
            List<Claim> selected = batch.stream().filter(claim -> settings.selects().test(claim.userKey())).toList();
            runBatch(selected)
                    .eventually(() -> claims.release(keys))
                    .onSuccess(done -> {
                        if (lost != null) {
                            finished.tryFail(new BackfillLeaseLost(settings.workerId(), lost, progress()));
                        } else {
                            next(keys.get(keys.size() - 1), passAttempted || !selected.isEmpty());
                        }
                    })
                    .onFailure(finished::tryFail);
        });
    }

    private void endOfPass(boolean passAttempted) {
        if (passAttempted) {
            next("", false);
            return;
        }
        claims.heldByOthers().onComplete(held -> {
            if (held.failed()) {
                finished.tryFail(held.cause());
            } else if (held.result() > 0 && !stopping) {
                long wait = Math.max(100, Math.min(1000, settings.lease().toMillis() / 4));
                vertx.setTimer(wait, id -> next("", false));
            } else {
                finish();
            }
        });
    }

    private Future<Void> runBatch(List<Claim> keys) {
        AtomicInteger cursor = new AtomicInteger();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(settings.concurrency(), keys.size()); i++) {
            lanes.add(lane(keys, cursor));
        }
        return Future.join(lanes).mapEmpty();
    }

    private Future<Void> lane(List<Claim> keys, AtomicInteger cursor) {
        if (stopping || limitReached() || lost != null) {
            return Future.succeededFuture();
        }
        int index = cursor.getAndIncrement();
        if (index >= keys.size()) {
            return Future.succeededFuture();
        }
        return brake.acquire()
                .compose(ready -> attempt(keys.get(index)))
                .compose(done -> lane(keys, cursor));
    }

    private Future<Void> attempt(Claim claim) {
        Instant began = clock.instant();
        return migrator.migrateClaimed(claim)
                .otherwise(error -> new MigrationOutcome.Failed(claim.userKey(), String.valueOf(error.getMessage())))
                .map(outcome -> {
                    if (outcome instanceof MigrationOutcome.ClaimLost claimLost) {
                        if (lost == null) {
                            lost = claimLost;
                        }
                        return null;
                    }
                    Duration took = Duration.between(began, clock.instant());
                    count(outcome);
                    brake.record(took, outcome instanceof MigrationOutcome.Failed
                            || outcome instanceof MigrationOutcome.TimedOut);
                    listener.attempted(outcome, took);
                    listener.progress(progress());
                    return null;
                });
    }

    private void count(MigrationOutcome outcome) {
        attempted.incrementAndGet();
        if (outcome instanceof MigrationOutcome.Migrated) {
            migrated.incrementAndGet();
        } else if (outcome instanceof MigrationOutcome.Invalid bad) {
            invalid.incrementAndGet();
            Set<String> rules = new HashSet<>();
            for (Violation violation : bad.violations()) {
                rules.add(violation.rule() == null ? violation.message() : violation.rule());
            }
            rules.forEach(rule -> byRule.merge(rule, 1L, Long::sum));
        } else if (outcome instanceof MigrationOutcome.Failed || outcome instanceof MigrationOutcome.TimedOut) {
            failed.incrementAndGet();
            byRule.merge(outcome instanceof MigrationOutcome.Failed ? "(error)" : "(timeout)", 1L, Long::sum);
        }
    }

    private void finish() {
        BackfillProgress last = progress();
        listener.progress(last);
        finished.tryComplete(new BackfillSummary(seeded, last, stopping));
    }
}
