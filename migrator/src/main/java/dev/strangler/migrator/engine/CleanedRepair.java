package dev.strangler.migrator.engine;

import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * The periodic repair of owed legacy cleaned marks: started once the state schema is known to be there (repairs are
 * writes, so a migrator only created, for a read-only command, never repairs) and stopped for good on close.
 */
final class CleanedRepair {

    private final Vertx vertx;
    private final Duration every;
    private final Runnable repair;
    /** The repair's timer; -1 before it started, -2 once stopped. */
    private long timer = -1;

    CleanedRepair(Vertx vertx, Duration every, Runnable repair) {
        this.vertx = vertx;
        this.every = every;
        this.repair = repair;
    }

    /** Starts the timer, unless it runs already or was stopped. */
    synchronized void start() {
        if (timer == -1) {
            timer = vertx.setPeriodic(every.toMillis(), id -> repair.run());
        }
    }

    /** Cancels the timer; a later {@link #start()} does nothing. */
    synchronized void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        timer = -2;
    }
}
