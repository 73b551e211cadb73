package dev.strangler.migrator.fleet;

import dev.strangler.migrator.Fleet;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * {@link Fleet} on the state database. A barrier is one statement of its own, sent after the caller's commit:
 * {@code nextval} and {@code pg_notify} in one transaction, which commits after every state change committed before
 * the token was taken; PostgreSQL delivers notifications in commit order, so an instance that hears the token has
 * heard those changes first. The wait polls the fleet's rows every {@value #POLL_MILLIS} ms; leases and their expiry
 * are compared with the database's clock only.
 */
public final class PgFleet implements Fleet {

    private static final Logger LOG = Logger.getLogger(PgFleet.class.getName());
    private static final long POLL_MILLIS = 10;
    private static final String CHANNEL = "strangler_control";

    private static final String REGISTER = """
            INSERT INTO strangler.instances (id, lease_until)
            VALUES ($1, clock_timestamp() + make_interval(secs => $2))
            ON CONFLICT (id) DO UPDATE SET started_at = clock_timestamp(), lease_until = EXCLUDED.lease_until,
                heard_barrier = 0""";
    private static final String RENEW = """
            UPDATE strangler.instances SET lease_until = clock_timestamp() + make_interval(secs => $2)
            WHERE id = $1 AND lease_until > clock_timestamp()""";
    private static final String SWEEP = "DELETE FROM strangler.instances WHERE lease_until <= clock_timestamp()";
    private static final String HEARD =
            "UPDATE strangler.instances SET heard_barrier = greatest(heard_barrier, $2) WHERE id = $1";
    private static final String LEAVE = "DELETE FROM strangler.instances WHERE id = $1";
    private static final String TAKE = "SELECT token, pg_notify('" + CHANNEL + "', '" + BARRIER_PREFIX
            + "' || token) FROM (SELECT nextval('strangler.barrier_tokens') AS token) taken";
    private static final String BEHIND = """
            SELECT count(*) AS behind FROM strangler.instances
            WHERE lease_until > clock_timestamp() AND heard_barrier < $1""";
    private static final String LIVE = """
            SELECT id, started_at, lease_until, heard_barrier FROM strangler.instances
            WHERE lease_until > clock_timestamp() ORDER BY id""";

    private final Vertx vertx;
    private final Pool state;
    private final Pool leases;
    private final AtomicLong passed = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong lastWaitNanos = new AtomicLong();

    /**
     * @param state  the pool barriers are taken and waited on
     * @param leases the pool of registrations, renewals and heard tokens: the request path's small one, so that a
     *               renewal never queues behind migrations
     */
    public PgFleet(Vertx vertx, Pool state, Pool leases) {
        this.vertx = vertx;
        this.state = state;
        this.leases = leases;
    }

    @Override
    public Future<Void> register(String instanceId, Duration lease) {
        return leases.preparedQuery(SWEEP).execute().otherwiseEmpty()
                .compose(swept -> leases.preparedQuery(REGISTER).execute(Tuple.of(instanceId, seconds(lease))))
                .mapEmpty();
    }

    @Override
    public Future<Boolean> renew(String instanceId, Duration lease) {
        return leases.preparedQuery(RENEW).execute(Tuple.of(instanceId, seconds(lease)))
                .map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Future<Void> heard(String instanceId, long token) {
        return leases.preparedQuery(HEARD).execute(Tuple.of(instanceId, token)).mapEmpty();
    }

    @Override
    public Future<Void> leave(String instanceId) {
        return leases.preparedQuery(LEAVE).execute(Tuple.of(instanceId)).mapEmpty();
    }

    @Override
    public Future<Boolean> barrier(Duration deadline) {
        long started = System.nanoTime();
        long until = started + deadline.toNanos();
        Promise<Boolean> heard = Promise.promise();
        state.preparedQuery(TAKE).execute()
                .onSuccess(rows -> poll(rows.iterator().next().getLong("token"), until, heard))
                .onFailure(error -> {
                    LOG.warning("barrier: cannot take a token: " + error.getMessage());
                    heard.tryComplete(false);
                });
        return heard.future().andThen(done -> {
            lastWaitNanos.set(System.nanoTime() - started);
            (done.result() ? passed : timedOut).incrementAndGet();
        });
    }

    @Override
    public Future<Void> announce() {
        return state.preparedQuery(TAKE).execute().mapEmpty();
    }

    private void poll(long token, long until, Promise<Boolean> heard) {
        state.preparedQuery(BEHIND).execute(Tuple.of(token)).onComplete(asked -> {
            if (asked.succeeded() && asked.result().iterator().next().getLong("behind") == 0) {
                heard.tryComplete(true);
            } else if (System.nanoTime() - until >= 0) {
                heard.tryComplete(false);
            } else {
                vertx.setTimer(POLL_MILLIS, id -> poll(token, until, heard));
            }
        });
    }

    @Override
    public Future<List<Instance>> live() {
        return state.preparedQuery(LIVE).execute().map(rows -> {
            List<Instance> live = new ArrayList<>(rows.size());
            for (Row row : rows) {
                live.add(new Instance(row.getString("id"), row.getOffsetDateTime("started_at").toInstant(),
                        row.getOffsetDateTime("lease_until").toInstant(), row.getLong("heard_barrier")));
            }
            return live;
        });
    }

    @Override
    public BarrierStats stats() {
        return new BarrierStats(passed.get(), timedOut.get(), Duration.ofNanos(lastWaitNanos.get()));
    }

    private static double seconds(Duration lease) {
        return lease.toMillis() / 1000.0;
    }
}
