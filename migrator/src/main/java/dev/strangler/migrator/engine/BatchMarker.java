package dev.strangler.migrator.engine;

import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.bulk.MarkedRead;
import dev.strangler.migrator.state.UserStates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes many users' cleaned marks at once (README "Deferred marks"): what {@link CleanedMarker#mark} does for one
 * user, with a constant number of statements for the whole batch. Once the fleet has heard one barrier taken after
 * the marks fell due, one modern transaction takes the users' locks in key order and reads which of them are still
 * {@code MIGRATED}, owed a mark and due ({@link BatchMarkRows}); one legacy transaction writes all their marks, which
 * lock their root rows, and reads their data after that with the batch load path's reader ({@link MarkedRead}); each
 * user is checked and compared with the snapshot of their migration, and the few whose legacy data changed since are
 * caught up as one mark's catch-up would ({@link CatchUp#apply}); one statement records every mark done; modern
 * commits, then legacy. Users no longer owed one (rolled back, re-migrated, marked meanwhile) or not due yet are left
 * as the per-user mark leaves them.
 *
 * <p>A batch that fails (a user's data can no longer be migrated, a mark legacy refuses, a database error) is rolled
 * back, and each of its users is then marked on its own by {@link CleanedMarker#mark}, so one bad user never keeps
 * the others' marks owed; if only legacy's commit failed, the marks modern recorded are owed again first.
 */
final class BatchMarker {

    private static final Logger LOG = Logger.getLogger(BatchMarker.class.getName());

    private final Pool legacy;
    private final boolean batched;
    private final UserStates states;
    private final BatchMarkRows rows;
    private final MarkedRead read;
    private final UserPreparation preparation;
    private final CatchUp catchUp;
    private final Clock clock;
    private final CleanedMarker marker;
    private final Supplier<Future<Boolean>> barrier;

    /**
     * @param batched false when the plan has no {@code cleaned} statement or an extension replaced an entity's
     *                source or target: then every mark is written by {@code marker}, one user after another
     */
    BatchMarker(Pool legacy, Pool modern, boolean batched, UserStates states, MarkedRead read,
                UserPreparation preparation, CatchUp catchUp, Clock clock, CleanedMarker marker,
                Supplier<Future<Boolean>> barrier) {
        this.legacy = legacy;
        this.batched = batched;
        this.states = states;
        this.rows = new BatchMarkRows(modern);
        this.read = read;
        this.preparation = preparation;
        this.catchUp = catchUp;
        this.clock = clock;
        this.marker = marker;
        this.barrier = barrier;
    }

    /**
     * Writes the users' owed marks once the fleet has heard a barrier taken now (after the users' commits, once
     * their marks are due); completes with how many were written. A barrier that times out leaves every mark owed,
     * for the timer or the repair. Never fails.
     */
    Future<Integer> markHeard(List<String> userKeys) {
        if (userKeys.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return barrier.get().compose(heard -> heard ? mark(userKeys) : Future.succeededFuture(0)).otherwise(0);
    }

    /**
     * Writes the users' owed and due marks as one batch, each user's alone when the batch fails; the caller has
     * seen the fleet hear a barrier taken after the marks fell due. Completes with how many were written.
     */
    Future<Integer> mark(List<String> userKeys) {
        List<String> sorted = userKeys.stream().distinct().sorted().toList();
        if (!batched) {
            return markEach(sorted, 0, 0);
        }
        return batch(sorted).recover(error -> {
            LOG.log(Level.INFO, "a batch of " + sorted.size() + " cleaned marks failed, each user is marked alone: "
                    + MigrationAttempt.describe(error));
            return markEach(sorted, 0, 0);
        });
    }

    private Future<Integer> batch(List<String> sorted) {
        Instant started = clock.instant();
        CleanedMarker.LegacyTransaction held = new CleanedMarker.LegacyTransaction();
        Map<String, CatchUp.CaughtUp> caught = new ConcurrentHashMap<>();
        List<String> marked = new ArrayList<>();
        AtomicBoolean recorded = new AtomicBoolean();
        return states.inTransaction(modern -> rows.lockOwed(modern, sorted).compose(owed -> {
                    if (owed.isEmpty()) {
                        return Future.<Void>succeededFuture();
                    }
                    List<String> keys = List.copyOf(owed.keySet());
                    return held.begin(legacy)
                            .compose(connection -> read.markAndRead(connection, keys))
                            .compose(sources -> check(keys, sources))
                            .compose(checked -> catchUpEach(modern, owed, checked, keys, 0, started, caught))
                            .compose(caughtUp -> {
                                marked.addAll(keys);
                                return rows.cleanedDone(modern, keys, clock.instant());
                            });
                }))
                .compose(committed -> {
                    recorded.set(!marked.isEmpty());
                    return marked.isEmpty() ? Future.<Void>succeededFuture() : held.commit();
                })
                .andThen(done -> {
                    if (done.succeeded()) {
                        caught.forEach(catchUp::committed);
                    }
                })
                .map(done -> marked.size())
                .recover(error -> held.rollback()
                        .compose(undone -> recorded.get()
                                ? rows.cleanedOwedAgain(marked, MigrationAttempt.describe(error))
                                : Future.<Void>succeededFuture())
                        .otherwiseEmpty()
                        .compose(owedAgain -> Future.<Integer>failedFuture(error)))
                .eventually(held::close);
    }

    /** Each user's rows checked as an attempt checks them (the plan's CEL), off the event loop. */
    private Future<Map<String, DryRun>> check(List<String> keys,
                                              Map<String, Map<String, List<Map<String, Object>>>> sources) {
        Callable<Map<String, DryRun>> work = () -> {
            Map<String, DryRun> checked = new LinkedHashMap<>();
            keys.forEach(key -> checked.put(key, preparation.checkForCatchUp(key, sources.get(key))));
            return checked;
        };
        Context context = Vertx.currentContext();
        if (context != null) {
            return context.executeBlocking(work, false);
        }
        try {
            return Future.succeededFuture(work.call());
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    /**
     * One user after another on the marks' modern transaction: the check fitted to modern's types, compared with
     * the snapshot, and caught up when legacy changed (the only users that cost statements).
     */
    private Future<Void> catchUpEach(SqlConnection modern, Map<String, BatchMarkRows.Owed> owed,
                                     Map<String, DryRun> checked, List<String> keys, int index, Instant started,
                                     Map<String, CatchUp.CaughtUp> caught) {
        if (index == keys.size()) {
            return Future.succeededFuture();
        }
        String key = keys.get(index);
        BatchMarkRows.Owed user = owed.get(key);
        return preparation.fit(modern, checked.get(key))
                .compose(now -> catchUp.apply(modern, key, user.user(), Optional.ofNullable(user.snapshot()), now,
                        started))
                .compose(caughtUp -> {
                    caughtUp.ifPresent(done -> caught.put(key, done));
                    return catchUpEach(modern, owed, checked, keys, index + 1, started, caught);
                });
    }

    private Future<Integer> markEach(List<String> keys, int index, int written) {
        if (index == keys.size()) {
            return Future.succeededFuture(written);
        }
        return marker.mark(keys.get(index)).compose(ok -> markEach(keys, index + 1, ok ? written + 1 : written));
    }
}
