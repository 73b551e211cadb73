package dev.strangler.migrator.engine;

import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.bulk.CleanedMarks;
import dev.strangler.migrator.state.CleanedDue;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The cleaned marks of migrations that no request on this instance started (a backfill, {@code strangler migrate},
 * the admin API), written when due (README "In transition"). Such a migration's transaction defers its users' marks
 * by the mark delay ({@link CleanedDue}): an instance that had not heard of the commit yet may have forwarded the
 * user's write to legacy, and the mark's catch-up must read legacy after that write lands. The worker moves on at
 * once; this process's timer writes the marks once they are due, those due together as one batch under the users'
 * locks and only while a mark is still owed ({@link BatchMarker}); every process's periodic repair writes the due
 * marks that are left (this process's, if it died). Until then the user is in transition, served by no instance.
 *
 * <p>A request's migration is not deferred: its instance held the user's requests and drained its own to legacy
 * before reading legacy, and a first access must not wait for the delay. Nor is any migration with a zero delay.
 */
final class DeferredMarks implements CleanedMarks {

    private static final Logger LOG = Logger.getLogger(DeferredMarks.class.getName());

    /** The most marks the timer writes as one batch. */
    private static final int BATCH = 128;

    /** Batches written at once by the timer; the marks due meanwhile wait for one of them to end. */
    private static final int CONCURRENT_BATCHES = 2;

    private final Vertx vertx;
    private final Duration delay;
    private final CleanedDue due;
    private final Function<List<String>, Future<Integer>> mark;
    private final Deque<Owed> queue = new ArrayDeque<>();
    private final List<Promise<Void>> settling = new ArrayList<>();
    private int batches;
    private int writing;
    private long timer = -1;
    private boolean closed;

    /** @param mark writes a batch of marks once the fleet heard a barrier ({@link BatchMarker#markHeard}) */
    DeferredMarks(Vertx vertx, Duration delay, CleanedDue due, Function<List<String>, Future<Integer>> mark) {
        this.vertx = vertx;
        this.delay = delay;
        this.due = due;
        this.mark = mark;
    }

    /** Whether a migration with this trigger has its mark deferred. */
    boolean defers(Trigger trigger) {
        return trigger != Trigger.REQUEST && !delay.isZero();
    }

    /**
     * In the migration's transaction, before its commit: the users' owed marks are due only after the delay (with a
     * zero delay, at once).
     */
    @Override
    public Future<Void> owe(SqlConnection modern, List<String> userKeys) {
        return userKeys.isEmpty() || delay.isZero() ? Future.succeededFuture() : due.defer(modern, userKeys, delay);
    }

    /**
     * After the migration's commit: hands each user's mark to the timer, which writes it when due; with a zero delay
     * writes the marks now, as one batch. Never fails.
     */
    @Override
    public Future<Void> committed(List<String> userKeys) {
        if (delay.isZero()) {
            return mark.apply(userKeys).<Void>mapEmpty().otherwiseEmpty();
        }
        synchronized (this) {
            long at = System.nanoTime() + delay.toNanos();
            userKeys.forEach(key -> queue.add(new Owed(key, at)));
            drain();
        }
        return Future.succeededFuture();
    }

    /**
     * After a request-path migration whose barrier timed out (an instance has not heard of the commit yet): the mark
     * becomes deferred, due the mark delay from now by the database's clock, and is handed to the timer, which writes
     * it once due and heard by the fleet. Never fails; a mark that cannot be deferred stays owed for the repair.
     */
    Future<Void> deferLate(String userKey) {
        List<String> keys = List.of(userKey);
        return (delay.isZero() ? Future.<Void>succeededFuture() : due.defer(keys, delay))
                .compose(deferred -> committed(keys)).otherwiseEmpty();
    }

    /**
     * Completes once every mark this process deferred was tried (written, or left to the repair when it failed):
     * at the latest the delay plus the marks' own time after the last migration. A process that exits waits for it.
     */
    synchronized Future<Void> settled() {
        if (queue.isEmpty() && writing == 0) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        settling.add(promise);
        return promise.future();
    }

    /**
     * Off the event loop, waits (at most the mark delay plus {@code extra}) until {@link #settled()}: a process that exits (a backfill,
     * {@code strangler migrate}) writes its own deferred marks first. On an event loop, or past the bound, it
     * returns at once and the marks left are the repair's (of the proxies, or of the next process that starts).
     */
    void settleBeforeExit(Duration extra) {
        Duration bound = delay.plus(extra);
        if (Context.isOnVertxThread() || owed() == 0) {
            return;
        }
        try {
            settled().toCompletionStage().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warning(owed() + " deferred cleaned marks still owed on closing; the repair writes them: " + e);
        }
    }

    /** How many marks this process has deferred and not yet tried. */
    synchronized int owed() {
        return queue.size() + writing;
    }

    /** Stops the timer; marks not tried yet are left to the repair of the processes that go on. */
    synchronized void close() {
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        queue.clear();
        settleIfIdle();
    }

    private synchronized void drain() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        while (batches < CONCURRENT_BATCHES && !queue.isEmpty() && queue.peekFirst().dueAt - now <= 0) {
            List<String> keys = new ArrayList<>();
            while (keys.size() < BATCH && !queue.isEmpty() && queue.peekFirst().dueAt - now <= 0) {
                keys.add(queue.pollFirst().userKey);
            }
            batches++;
            writing += keys.size();
            mark.apply(keys).onComplete(done -> written(keys.size()));
        }
        if (timer < 0 && batches < CONCURRENT_BATCHES && !queue.isEmpty()) {
            long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(queue.peekFirst().dueAt - now) + 1);
            timer = vertx.setTimer(millis, id -> {
                synchronized (this) {
                    timer = -1;
                }
                drain();
            });
        }
        settleIfIdle();
    }

    private synchronized void written(int marks) {
        batches--;
        writing -= marks;
        drain();
    }

    private void settleIfIdle() {
        if (writing == 0 && queue.isEmpty() && !settling.isEmpty()) {
            List<Promise<Void>> done = List.copyOf(settling);
            settling.clear();
            done.forEach(Promise::tryComplete);
        }
    }

    /** A user whose mark this process owes, due at {@link System#nanoTime()} {@code dueAt}. */
    private record Owed(String userKey, long dueAt) {
    }
}
