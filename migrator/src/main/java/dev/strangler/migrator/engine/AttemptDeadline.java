package dev.strangler.migrator.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enforces {@code migration.timeout} on one attempt. When it passes before the attempt started to commit, the attempt
 * is abandoned: the statements running on its connections are cancelled, every later step fails at once, and the
 * transaction rolls back. Once the commit is under way the deadline no longer interferes, so an attempt is never
 * reported as timed out after its data was committed.
 */
final class AttemptDeadline {

    private static final int RUNNING = 0;
    private static final int COMMITTING = 1;
    private static final int ABANDONED = 2;

    /** How long past the deadline the attempt may take to unwind before its caller is answered anyway. */
    private static final long UNWIND_GRACE_MS = 1_000;

    private final Vertx vertx;
    private final Duration timeout;
    private final AtomicInteger phase = new AtomicInteger(RUNNING);
    private final List<SqlConnection> connections = new ArrayList<>();
    private final long timer;

    private AttemptDeadline(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> abandon());
    }

    static AttemptDeadline start(Vertx vertx, Duration timeout) {
        return new AttemptDeadline(vertx, timeout);
    }

    /** Cancels the connection's running statement if the attempt is abandoned while it is in use. */
    void watch(SqlConnection connection) {
        synchronized (connections) {
            connections.add(connection);
        }
        if (abandoned()) {
            cancel(connection);
        }
    }

    /** Passes the value on, or fails if the attempt was abandoned meanwhile. */
    <T> Future<T> proceed(T value) {
        return abandoned() ? Future.failedFuture(new AttemptAbandoned(timeout)) : Future.succeededFuture(value);
    }

    /** True when the commit may start: the deadline has not passed and can no longer abandon the attempt. */
    boolean enterCommit() {
        return phase.compareAndSet(RUNNING, COMMITTING);
    }

    /** True once the commit was started: from then on a failure leaves the attempt's result unknown. */
    boolean committing() {
        return phase.get() == COMMITTING;
    }

    boolean abandoned() {
        return phase.get() == ABANDONED;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * The attempt's result, or, when it has not unwound shortly after an abandonment (a database that no longer
     * answers), a failure, so the caller is never held much past the deadline.
     */
    <T> Future<T> bound(Future<T> work) {
        Promise<T> result = Promise.promise();
        work.onComplete(done -> {
            if (done.succeeded()) {
                result.tryComplete(done.result());
            } else {
                result.tryFail(done.cause());
            }
        });
        long hardStop = vertx.setTimer(timeout.toMillis() + UNWIND_GRACE_MS,
                id -> result.tryFail(new AttemptAbandoned(timeout)));
        return result.future().onComplete(done -> {
            vertx.cancelTimer(hardStop);
            vertx.cancelTimer(timer);
        });
    }

    private void abandon() {
        if (phase.compareAndSet(RUNNING, ABANDONED)) {
            List<SqlConnection> inUse;
            synchronized (connections) {
                inUse = List.copyOf(connections);
            }
            inUse.forEach(AttemptDeadline::cancel);
        }
    }

    private static void cancel(SqlConnection connection) {
        try {
            PgConnection.cast(connection).cancelRequest();
        } catch (RuntimeException notPostgres) {
            connection.close();
        }
    }

    /** The failure that ends an abandoned attempt. */
    static final class AttemptAbandoned extends RuntimeException {
        AttemptAbandoned(Duration timeout) {
            super("did not finish within " + timeout.toMillis() + " ms", null, false, false);
        }
    }
}
