package dev.strangler.migrator.fleet;

import dev.strangler.migrator.Fleet;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One barrier for many callers: a caller that asks while a barrier is under way waits for the next one, which is
 * taken once the current one ended and answers everybody who asked meanwhile. Every caller's barrier is still taken
 * after it asked (after its commit), so sharing changes nothing of what a barrier proves; it only spares the state
 * database a barrier per cleaned mark when a backfill's marks fall due by the thousand.
 */
public final class SharedBarrier implements Supplier<Future<Boolean>> {

    private final Fleet fleet;
    private final Duration deadline;
    private boolean running;
    private Promise<Boolean> next;

    public SharedBarrier(Fleet fleet, Duration deadline) {
        this.fleet = fleet;
        this.deadline = deadline;
    }

    @Override
    public synchronized Future<Boolean> get() {
        if (next == null) {
            next = Promise.promise();
        }
        Future<Boolean> mine = next.future();
        if (!running) {
            start();
        }
        return mine;
    }

    /** Takes the barrier for everyone who asked so far; the callers who ask from now on wait for the next one. */
    private void start() {
        Promise<Boolean> taken = next;
        next = null;
        running = true;
        fleet.barrier(deadline).onComplete(done -> {
            synchronized (this) {
                running = false;
                if (next != null) {
                    start();
                }
            }
            taken.complete(done.succeeded() && done.result());
        });
    }
}
