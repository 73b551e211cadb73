package dev.strangler.migrator.backfill;

import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.bulk.BatchLoad;
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
 * One backfill worker, running: migrates every eligible user (see {@link BackfillClaims}) with trigger
 * {@code BACKFILL}, in batches through the set-based load path ({@link BatchLoad#migrateClaimed}), or with
 * {@code loadBatch} 0 one by one through the engine's {@link ClaimedMigrations#migrateClaimed}. Either way each
 * user's claim fences the writes (a lost claim stops the worker), and a user who arrives meanwhile is never
 * migrated twice (the per-user advisory lock; a batch leaves a user whose lock a request holds to that request).
 *
 * <p>It seeds the state rows, then claims batches in key order and works through each with {@code concurrency}
 * attempts in flight, under the {@link Brake}. When a pass reaches the last key it starts over once, for users whose
 * claims expired meanwhile (a crashed worker's); it waits while another worker's live lease holds eligible users,
 * and ends when a pass finds nothing to do. Stopping and starting again resumes: the state is the work list. While
 * it works through a batch it renews the batch's claims every third of a lease, so only a worker that stopped
 * (killed, paused) loses them.
 *
 * <p>Started through {@link Backfills#start}, which {@link Workers} wires to the engine and the databases.
 */
final class Backfill implements Backfills.Running {

    private final Vertx vertx;
    private final ClaimedMigrations migrator;
    private final Backfills.Settings settings;
    private final Backfills.Listener listener;
    private final Clock clock;
    private final Instant started;
    private final BackfillClaims claims;
    private final Brake brake;
    private final BatchLoad batches;
    private final Promise<Backfills.Summary> finished = Promise.promise();
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong migrated = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, Long> byRule = new ConcurrentHashMap<>();
    private volatile long total;
    private volatile long seeded;
    private volatile boolean stopping;
    private volatile MigrationEngine.Outcome.ClaimLost lost;

    private Backfill(Vertx vertx, ClaimedMigrations migrator, Pool legacy, Pool modern, String users,
                     BatchLoad batches,
                     Backfills.Settings settings, Backfills.Listener listener, Clock clock) {
        this.vertx = vertx;
        this.migrator = migrator;
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
        this.started = clock.instant();
        this.claims = new BackfillClaims(legacy, modern, users, started, settings);
        this.brake = new Brake(vertx, clock, settings, listener);
        this.batches = batches;
    }

    /** Seeds the state rows and starts working; the handle answers at once. */
    static Backfill start(Vertx vertx, ClaimedMigrations migrator, Pool legacy, Pool modern, String users,
                          BatchLoad batches,
                          Backfills.Settings settings, Backfills.Listener listener, Clock clock) {
        Backfill backfill = new Backfill(vertx, migrator, legacy, modern, users, batches, settings, listener,
                clock);
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
     * could not be read or written, and with {@link Backfills.LeaseLost} when this worker lost a claim (it stops at
     * the first: a worker paused past its lease must not act on a batch another worker took over).
     */
    @Override
    public Future<Backfills.Summary> done() {
        return finished.future();
    }

    /** Lets the attempts in flight finish, releases this worker's other claims, and completes like {@link #done}. */
    @Override
    public Future<Backfills.Summary> stop() {
        stopping = true;
        return finished.future();
    }

    /** Where the run is now. */
    @Override
    public Backfills.Progress progress() {
        return new Backfills.Progress(attempted.get(), Math.max(total, attempted.get()),
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
        int claimSize = batched() ? Math.max(settings.batchSize(), settings.loadBatch() * batchesInFlight())
                : settings.batchSize();
        int size = settings.limit() > 0 ? (int) Math.min(claimSize, settings.limit() - attempted.get()) : claimSize;
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
            long renewing = vertx.setPeriodic(renewEvery(), id -> claims.renew(batch));
            runBatch(selected)
                    .eventually(() -> {
                        vertx.cancelTimer(renewing);
                        return claims.release(keys);
                    })
                    .onSuccess(done -> {
                        if (lost != null) {
                            finished.tryFail(new Backfills.LeaseLost(settings.workerId(), lost, progress()));
                        } else {
                            next(keys.get(keys.size() - 1), passAttempted || !selected.isEmpty());
                        }
                    })
                    .onFailure(finished::tryFail);
        });
    }

    /** A third of the lease: two renewals can fail before a live worker's claims expire. */
    private long renewEvery() {
        return Math.max(50, settings.lease().toMillis() / 3);
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

    /** Whether claimed users go through the set-based load path: a claim then holds a chunk per batch in flight. */
    private boolean batched() {
        return settings.loadBatch() > 0 && batches.available();
    }

    private int batchesInFlight() {
        return Math.min(settings.concurrency(), batches.maxInFlight());
    }

    private Future<Void> runBatch(List<Claim> keys) {
        if (batched()) {
            return runInBatches(keys);
        }
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

    /** The claimed users in chunks of {@code loadBatch}, up to {@link #batchesInFlight} chunks in flight. */
    private Future<Void> runInBatches(List<Claim> claims) {
        List<List<Claim>> chunks = new ArrayList<>();
        for (int from = 0; from < claims.size(); from += settings.loadBatch()) {
            chunks.add(claims.subList(from, Math.min(claims.size(), from + settings.loadBatch())));
        }
        AtomicInteger cursor = new AtomicInteger();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(batchesInFlight(), chunks.size()); i++) {
            lanes.add(chunkLane(chunks, cursor));
        }
        return Future.join(lanes).mapEmpty();
    }

    /** One chunk after another; a lost claim in a chunk stops the worker as it does one by one. */
    private Future<Void> chunkLane(List<List<Claim>> chunks, AtomicInteger cursor) {
        if (stopping || limitReached() || lost != null) {
            return Future.succeededFuture();
        }
        int index = cursor.getAndIncrement();
        if (index >= chunks.size()) {
            return Future.succeededFuture();
        }
        List<Claim> chunk = chunks.get(index);
        Instant began = clock.instant();
        return brake.acquire(chunk.size())
                .compose(ready -> batches.migrateClaimed(chunk))
                .map(result -> {
                    Duration took = Duration.between(began, clock.instant());
                    Duration legacyShare = result.legacyRead().dividedBy(Math.max(1, chunk.size()));
                    for (MigrationEngine.Outcome outcome : result.outcomes()) {
                        if (outcome instanceof MigrationEngine.Outcome.ClaimLost claimLost) {
                            if (lost == null) {
                                lost = claimLost;
                            }
                        } else {
                            record(outcome, legacyShare, took);
                        }
                    }
                    return null;
                })
                .compose(done -> chunkLane(chunks, cursor));
    }

    private Future<Void> attempt(Claim claim) {
        Instant began = clock.instant();
        return migrator.migrateClaimed(claim)
                .otherwise(error -> new MigrationEngine.Outcome.Failed(claim.userKey(),
                        String.valueOf(error.getMessage())))
                .map(outcome -> {
                    if (outcome instanceof MigrationEngine.Outcome.ClaimLost claimLost) {
                        if (lost == null) {
                            lost = claimLost;
                        }
                        return null;
                    }
                    Duration took = Duration.between(began, clock.instant());
                    record(outcome, took, took);
                    return null;
                });
    }

    /**
     * Counts an outcome, tells the listener, and feeds the brake {@code braking}: an attempt's time, or for a user of
     * a batch their share of its legacy read (the part a loaded legacy database slows down), comparable with the
     * legacy time of a user migrated alone, so {@code --max-latency} means the same either way.
     */
    private void record(MigrationEngine.Outcome outcome, Duration braking, Duration took) {
        count(outcome);
        brake.record(braking, outcome instanceof MigrationEngine.Outcome.Failed
                || outcome instanceof MigrationEngine.Outcome.TimedOut
                || outcome instanceof MigrationEngine.Outcome.Unknown);
        listener.attempted(outcome, took);
        listener.progress(progress());
    }

    private void count(MigrationEngine.Outcome outcome) {
        attempted.incrementAndGet();
        if (outcome instanceof MigrationEngine.Outcome.Migrated) {
            migrated.incrementAndGet();
        } else if (outcome instanceof MigrationEngine.Outcome.Invalid bad) {
            invalid.incrementAndGet();
            Set<String> rules = new HashSet<>();
            for (Violation violation : bad.violations()) {
                rules.add(violation.rule() == null ? violation.message() : violation.rule());
            }
            rules.forEach(rule -> byRule.merge(rule, 1L, Long::sum));
        } else if (outcome instanceof MigrationEngine.Outcome.Failed
                || outcome instanceof MigrationEngine.Outcome.TimedOut
                || outcome instanceof MigrationEngine.Outcome.Unknown) {
            failed.incrementAndGet();
            byRule.merge(outcome instanceof MigrationEngine.Outcome.Failed ? "(error)"
                    : outcome instanceof MigrationEngine.Outcome.TimedOut ? "(timeout)" : "(unknown)", 1L, Long::sum);
        }
    }

    private void finish() {
        Backfills.Progress last = progress();
        listener.progress(last);
        finished.tryComplete(new Backfills.Summary(seeded, last, stopping));
    }
}
