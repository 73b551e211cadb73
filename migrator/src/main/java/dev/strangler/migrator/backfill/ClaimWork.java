package dev.strangler.migrator.backfill;

import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.bulk.BatchLoad;
import dev.strangler.migrator.state.Claim;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a {@link Backfill} lane works through the users of one claim: one by one with {@code concurrency} attempts in
 * flight ({@link ClaimedMigrations#migrateClaimed}), or a batch of {@code loadBatch} at a time through the
 * set-based load path ({@link BatchLoad#migrateClaimed}), under the {@link Brake}. It starts nothing once the worker
 * is halted (stopped, at its limit, or a claim was found lost); a lost claim is reported, never counted.
 */
final class ClaimWork {

    private final ClaimedMigrations migrator;
    private final BatchLoad batches;
    private final Backfills.Settings settings;
    private final Brake brake;
    private final BackfillCounts counts;
    private final Backfills.Listener listener;
    private final Clock clock;
    private final BooleanSupplier halted;
    private final Consumer<MigrationEngine.Outcome.ClaimLost> lost;
    private final Supplier<Backfills.Progress> progress;

    ClaimWork(ClaimedMigrations migrator, BatchLoad batches, Backfills.Settings settings, Brake brake,
              BackfillCounts counts, Backfills.Listener listener, Clock clock, BooleanSupplier halted,
              Consumer<MigrationEngine.Outcome.ClaimLost> lost, Supplier<Backfills.Progress> progress) {
        this.migrator = migrator;
        this.batches = batches;
        this.settings = settings;
        this.brake = brake;
        this.counts = counts;
        this.listener = listener;
        this.clock = clock;
        this.halted = halted;
        this.lost = lost;
        this.progress = progress;
    }

    /** Works through one claim's selected users, in batches or one by one; completes when they are all done. */
    Future<Void> run(List<Claim> keys, boolean batched) {
        if (batched) {
            return batchesOf(keys, 0);
        }
        AtomicInteger cursor = new AtomicInteger();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(settings.concurrency(), keys.size()); i++) {
            lanes.add(lane(keys, cursor));
        }
        return Future.join(lanes).mapEmpty();
    }

    private Future<Void> lane(List<Claim> keys, AtomicInteger cursor) {
        if (halted.getAsBoolean()) {
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

    /** The lane's claimed users a batch of {@code loadBatch} at a time; a lost claim stops it as one by one. */
    private Future<Void> batchesOf(List<Claim> claimed, int from) {
        if (halted.getAsBoolean() || from >= claimed.size()) {
            return Future.succeededFuture();
        }
        List<Claim> chunk = claimed.subList(from, Math.min(claimed.size(), from + settings.loadBatch()));
        Instant began = clock.instant();
        return brake.acquire(chunk.size())
                .compose(ready -> batches.migrateClaimed(chunk))
                .map(result -> {
                    Duration took = Duration.between(began, clock.instant());
                    Duration legacyShare = result.legacyRead().dividedBy(Math.max(1, chunk.size()));
                    for (MigrationEngine.Outcome outcome : result.outcomes()) {
                        if (outcome instanceof MigrationEngine.Outcome.ClaimLost claimLost) {
                            lost.accept(claimLost);
                        } else {
                            record(outcome, legacyShare, took);
                        }
                    }
                    return null;
                })
                .compose(done -> batchesOf(claimed, from + chunk.size()));
    }

    private Future<Void> attempt(Claim claim) {
        Instant began = clock.instant();
        return migrator.migrateClaimed(claim)
                .otherwise(error -> new MigrationEngine.Outcome.Failed(claim.userKey(),
                        String.valueOf(error.getMessage())))
                .map(outcome -> {
                    if (outcome instanceof MigrationEngine.Outcome.ClaimLost claimLost) {
                        lost.accept(claimLost);
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
        counts.count(outcome);
        brake.record(braking, BackfillCounts.failure(outcome));
        listener.attempted(outcome, took);
        listener.progress(progress.get());
    }
}
