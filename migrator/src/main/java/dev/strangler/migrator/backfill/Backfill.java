package dev.strangler.migrator.backfill;

import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.bulk.BatchLoad;
import dev.strangler.migrator.state.Claim;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One backfill worker, running: migrates every eligible user (see {@link BackfillClaims}) with trigger
 * {@code BACKFILL}, in batches through the set-based load path ({@link BatchLoad#migrateClaimed}), or with
 * {@code loadBatch} 0 one by one through the engine's {@link ClaimedMigrations#migrateClaimed}. Either way each
 * user's claim fences the writes (a lost claim stops the worker), and a user who arrives meanwhile is never
 * migrated twice (the per-user advisory lock; a batch leaves a user whose lock a request holds to that request).
 *
 * <p>It seeds the state rows, then claims users in key order and works through them under the {@link Brake}. One by
 * one, a claim of {@code batchSize} users is worked through with {@code concurrency} attempts in flight. In batches,
 * each of the lanes ({@code concurrency}, at most a quarter of the pool) claims its own users ({@code loadBatch}, or
 * its share of {@code batchSize} if that is more) and loads them a batch at a time: a lane claims again as soon as
 * its claim is done, while the other lanes' batches run, so the claim's round trip, the databases and the JVM
 * overlap instead of every lane waiting for the slowest batch. Claims are taken one after another, each after the
 * previous claim's last key, and a lane never starts a batch once any claim was found lost. When a pass reaches the last key it starts over once, for users whose
 * claims expired meanwhile (a crashed worker's); it waits while another worker's live lease holds eligible users,
 * and ends when a pass finds nothing to do. Stopping and starting again resumes: the state is the work list. While
 * it works through a batch it renews the batch's claims every third of a lease, so only a worker that stopped
 * (killed, paused) loses them.
 *
 * <p>Started through {@link Backfills#start}, which {@link Workers} wires to the engine and the databases.
 */
final class Backfill implements Backfills.Running {

    private final Vertx vertx;
    private final Backfills.Settings settings;
    private final Backfills.Listener listener;
    private final Clock clock;
    private final Instant started;
    private final BackfillClaims claims;
    private final Brake brake;
    private final BatchLoad batches;
    private final BackfillCounts counts = new BackfillCounts();
    private final ClaimWork work;
    private final Promise<Backfills.Summary> finished = Promise.promise();
    private volatile long total;
    private volatile long seeded;
    private volatile boolean stopping;
    private volatile MigrationEngine.Outcome.ClaimLost lost;

    // The claim loop's state, guarded by this: where the next claim starts, whether this pass attempted anyone,
    // whether a claim is under way, the lanes working through a claim and the users they hold, and an error that
    // ends the run once the lanes in flight are done.
    private String after = "";
    private boolean passAttempted;
    private boolean claiming;
    private boolean passEnded;
    private int lanesBusy;
    private long usersHeld;
    private Throwable error;

    private Backfill(Vertx vertx, ClaimedMigrations migrator, Pool legacy, Pool modern, String users,
                     BatchLoad batches,
                     Backfills.Settings settings, Backfills.Listener listener, Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
        this.started = clock.instant();
        this.claims = new BackfillClaims(legacy, modern, users, started, settings);
        this.brake = new Brake(vertx, clock, settings, listener);
        this.batches = batches;
        this.work = new ClaimWork(migrator, batches, settings, brake, counts, listener, clock, this::halted,
                this::claimLost, this::progress);
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
                    backfill.pump();
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
        return counts.progress(total, Duration.between(started, clock.instant()), brake.rate());
    }

    /** Whether lanes stop starting attempts: stopped, at the limit, or a claim was found lost. */
    private boolean halted() {
        return stopping || limitReached() || lost != null;
    }

    private void claimLost(MigrationEngine.Outcome.ClaimLost claimLost) {
        if (lost == null) {
            lost = claimLost;
        }
    }

    private boolean limitReached() {
        return settings.limit() > 0 && counts.attempted() >= settings.limit();
    }

    /** Whether claimed users go through the set-based load path: each lane then claims and loads its own users. */
    private boolean batched() {
        return settings.loadBatch() > 0 && batches.available();
    }

    /** Lanes that claim on their own: the batches in flight, or one claim worked through user by user. */
    private int lanes() {
        return batched() ? Math.min(settings.concurrency(), batches.maxInFlight()) : 1;
    }

    /** Users one lane claims at a time. */
    private int claimSize() {
        return batched() ? Math.max(settings.loadBatch(), -Math.floorDiv(-settings.batchSize(), lanes()))
                : settings.batchSize();
    }

    /**
     * The claim loop's one step, run whenever a claim or a lane ends: claims for an idle lane, or ends the pass or
     * the run once no lane is busy. Each step is scheduled by a callback, so a long run builds no chain of futures.
     */
    private synchronized void pump() {
        if (claiming || finished.future().isComplete()) {
            return;
        }
        boolean ending = stopping || limitReached() || lost != null || error != null;
        if (ending || passEnded) {
            if (lanesBusy == 0) {
                if (ending) {
                    conclude();
                } else {
                    passEnded = false;
                    endOfPass();
                }
            }
            return;
        }
        long size = settings.limit() > 0
                ? Math.min(claimSize(), settings.limit() - counts.attempted() - usersHeld) : claimSize();
        if (lanesBusy >= lanes() || size <= 0) {
            return;
        }
        claiming = true;
        claims.claim(after, (int) size).onComplete(claimed -> claimed(claimed.result(), claimed.cause()));
    }

    private synchronized void claimed(List<Claim> claim, Throwable failure) {
        claiming = false;
        if (failure != null) {
            error = failure;
        } else if (claim.isEmpty()) {
            passEnded = true;
        } else {
            List<String> keys = claim.stream().map(Claim::userKey).toList();
            List<Claim> selected = claim.stream().filter(c -> settings.selects().test(c.userKey())).toList();
            after = keys.get(keys.size() - 1);
            passAttempted |= !selected.isEmpty();
            lanesBusy++;
            usersHeld += keys.size();
            work(claim, keys, selected);
        }
        pump();
    }

    /** One lane's claim: worked through while its claims are renewed, then released. */
    private void work(List<Claim> claim, List<String> keys, List<Claim> selected) {
        long renewing = vertx.setPeriodic(renewEvery(), id -> claims.renew(claim));
        work.run(selected, batched())
                .eventually(() -> {
                    vertx.cancelTimer(renewing);
                    return claims.release(keys);
                })
                .onComplete(done -> laneDone(keys.size(), done.cause()));
    }

    private synchronized void laneDone(int users, Throwable failure) {
        lanesBusy--;
        usersHeld -= users;
        if (failure != null && error == null) {
            error = failure;
        }
        pump();
    }

    /** A third of the lease: two renewals can fail before a live worker's claims expire. */
    private long renewEvery() {
        return Math.max(50, settings.lease().toMillis() / 3);
    }

    /**
     * The last key was passed and no lane is busy: starts over once if the pass attempted anyone (for claims that
     * expired meanwhile), waits while another worker's live lease holds eligible users, or ends.
     */
    private synchronized void endOfPass() {
        if (passAttempted) {
            after = "";
            passAttempted = false;
            pump();
            return;
        }
        claiming = true;
        claims.heldByOthers().onComplete(held -> {
            synchronized (this) {
                claiming = false;
                if (held.failed()) {
                    error = held.cause();
                    pump();
                } else if (held.result() > 0 && !stopping) {
                    claiming = true;
                    long wait = Math.max(100, Math.min(1000, settings.lease().toMillis() / 4));
                    vertx.setTimer(wait, id -> {
                        synchronized (this) {
                            claiming = false;
                            after = "";
                            pump();
                        }
                    });
                } else {
                    finish();
                }
            }
        });
    }

    /** No lane is busy and the run ends: with its error, a lost claim, or its summary. */
    private void conclude() {
        if (error != null) {
            finished.tryFail(error);
        } else if (lost != null) {
            finished.tryFail(new Backfills.LeaseLost(settings.workerId(), lost, progress()));
        } else {
            finish();
        }
    }

    private void finish() {
        Backfills.Progress last = progress();
        listener.progress(last);
        finished.tryComplete(new Backfills.Summary(seeded, last, stopping));
    }
}
