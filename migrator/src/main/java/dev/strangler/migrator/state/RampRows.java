package dev.strangler.migrator.state;

import dev.strangler.config.file.ConfigLoader;
import dev.strangler.config.LoadResult;
import dev.strangler.config.RampPlan;
import dev.strangler.migrator.RampStore;
import dev.strangler.config.Percent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ramp tables of the state schema behind {@link RampStore}: each change locks the cohort's row, checks the
 * expected version and (for the driver) its lease, writes the row, changes the runtime percentage through
 * {@link RolloutRows#change} and appends the audit, in one transaction. Measurements live in
 * {@link RampMeasurements}.
 */
public final class RampRows implements RampStore {

    private static final String COLUMNS = "cohort, plan, status, step, step_started_at, started_at, changed_by, "
            + "changed_at, reason, gates, version";
    private static final String LOCK = "SELECT " + COLUMNS + " FROM strangler.ramp WHERE cohort = $1 FOR UPDATE";
    private static final String START = """
            INSERT INTO strangler.ramp (cohort, plan, status, step, step_started_at, started_at, changed_by,
                changed_at, reason, gates, version)
            VALUES ($1, $2, 'running', $3, $4, $4, $5, $4, $6, NULL, 1)
            ON CONFLICT (cohort) DO UPDATE SET plan = EXCLUDED.plan, status = 'running', step = EXCLUDED.step,
                step_started_at = EXCLUDED.step_started_at, started_at = EXCLUDED.started_at,
                changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at, reason = EXCLUDED.reason,
                gates = NULL, version = strangler.ramp.version + 1
            WHERE strangler.ramp.status IN ('aborted', 'completed')
            RETURNING\s""" + COLUMNS;
    private static final String UPDATE = """
            UPDATE strangler.ramp SET status = $2, step = $3, step_started_at = $4, changed_by = $5, changed_at = $6,
                reason = $7, gates = $8, version = version + 1
            WHERE cohort = $1 RETURNING\s""" + COLUMNS;
    private static final String AUDIT = """
            INSERT INTO strangler.ramp_audit (cohort, action, step, percent, changed_by, changed_at, reason, gates)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
    private static final String LEASE = """
            INSERT INTO strangler.ramp_lease (cohort, holder, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT (cohort) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
            WHERE strangler.ramp_lease.holder = EXCLUDED.holder OR strangler.ramp_lease.expires_at < $4
            RETURNING holder""";
    private static final String HOLDS = """
            SELECT 1 FROM strangler.ramp_lease WHERE cohort = $1 AND holder = $2 AND expires_at >= $3""";
    private static final String HISTORY = """
            SELECT id, cohort, action, step, percent, changed_by, changed_at, reason, gates FROM strangler.ramp_audit
            WHERE cohort = $1 ORDER BY id DESC LIMIT $2""";
    private static final String MIGRATED_SINCE = """
            SELECT s.user_key FROM strangler.user_state s WHERE s.state = 'MIGRATED' AND EXISTS (
                SELECT 1 FROM strangler.ledger l WHERE l.user_key = s.user_key AND l.outcome = 'MIGRATED'
                    AND l.finished_at >= $1) ORDER BY s.user_key""";

    private final Pool modern;
    private final Clock clock;
    private final RampMeasurements measurements;

    public RampRows(Pool modern, Clock clock) {
        this.modern = modern;
        this.clock = clock;
        this.measurements = new RampMeasurements(modern);
    }

    @Override
    public Future<Map<String, Ramp>> all() {
        return modern.query("SELECT " + COLUMNS + " FROM strangler.ramp ORDER BY cohort").execute().map(rows -> {
            Map<String, Ramp> ramps = new LinkedHashMap<>();
            rows.forEach(row -> ramps.put(row.getString("cohort"), ramp(row)));
            return ramps;
        });
    }

    @Override
    public Future<Optional<Ramp>> find(String cohort) {
        return modern.preparedQuery("SELECT " + COLUMNS + " FROM strangler.ramp WHERE cohort = $1")
                .execute(Tuple.of(cohort))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ramp(rows.iterator().next())));
    }

    @Override
    public Future<Ramp> start(String cohort, RampPlan plan, Percent current, String actor, String reason) {
        int step = 0;
        while (step < plan.steps().size() && plan.steps().get(step).basisPoints() <= current.basisPoints()) {
            step++;
        }
        if (step == plan.steps().size()) {
            return Future.failedFuture(new RampRefused("cohort " + cohort + " is at " + current
                    + "%, not below any step of " + plan.steps()));
        }
        int first = step;
        OffsetDateTime now = now();
        return modern.withTransaction(connection -> connection.preparedQuery(START)
                .execute(Tuple.of(cohort, plan.toJson(), first, now, actor, reason))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(new RampRefused("cohort " + cohort
                                + " has a ramp running or paused (pause, resume or abort it)"));
                    }
                    Ramp started = ramp(rows.iterator().next());
                    return applied(connection, started, "start", started.percent(), now, null);
                }));
    }

    @Override
    public Future<Ramp> advance(String cohort, long version, String holder, String reason, String gates) {
        return change(cohort, version, holder, ramp -> {
            if (ramp.status() != Status.RUNNING) {
                throw new RampRefused("the ramp of " + cohort + " is " + ramp.status().id() + ", not running");
            }
            boolean last = ramp.step() == ramp.plan().steps().size() - 1;
            return last ? new Transition(Status.COMPLETED, ramp.step(), false, null, "complete")
                    : new Transition(Status.RUNNING, ramp.step() + 1, true,
                    ramp.plan().steps().get(ramp.step() + 1), "step");
        }, "ramp:" + holder, reason, gates);
    }

    @Override
    public Future<Ramp> pause(String cohort, Long version, String holder, String actor, String reason,
                              String gates) {
        return change(cohort, version, holder, ramp -> {
            if (ramp.status() != Status.RUNNING) {
                throw new RampRefused("the ramp of " + cohort + " is " + ramp.status().id() + ", not running");
            }
            return new Transition(Status.PAUSED, ramp.step(), false, ramp.percent(), "pause");
        }, actor, reason, gates);
    }

    @Override
    public Future<Ramp> resume(String cohort, String actor, String reason) {
        return change(cohort, null, null, ramp -> {
            if (ramp.status() != Status.PAUSED) {
                throw new RampRefused("the ramp of " + cohort + " is " + ramp.status().id() + ", not paused");
            }
            return new Transition(Status.RUNNING, ramp.step(), true, ramp.percent(), "resume");
        }, actor, reason, null);
    }

    @Override
    public Future<Ramp> abort(String cohort, Long version, String holder, String actor, String reason,
                              String gates) {
        return change(cohort, version, holder, ramp -> {
            if (!ramp.status().isActive()) {
                throw new RampRefused("the ramp of " + cohort + " is " + ramp.status().id()
                        + ", not running or paused");
            }
            return new Transition(Status.ABORTED, ramp.step(), false, Percent.ZERO, "abort");
        }, actor, reason, gates);
    }

    /** What a change does to the ramp: its new status and step, and the runtime percentage to set (null: none). */
    private record Transition(Status status, int step, boolean restartStep, Percent percent, String action) {
    }

    private interface Decide {
        Transition apply(Ramp ramp);
    }

    private Future<Ramp> change(String cohort, Long version, String holder, Decide decide, String actor,
                                String reason, String gates) {
        OffsetDateTime now = now();
        return modern.withTransaction(connection -> connection.preparedQuery(LOCK).execute(Tuple.of(cohort))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(new RampRefused("cohort " + cohort + " has no ramp"));
                    }
                    Ramp ramp = ramp(rows.iterator().next());
                    if (version != null && ramp.version() != version) {
                        return Future.failedFuture(new RampRefused("the ramp of " + cohort + " is at version "
                                + ramp.version() + ", not " + version));
                    }
                    return (holder == null ? Future.succeededFuture(true) : connection.preparedQuery(HOLDS)
                            .execute(Tuple.of(cohort, holder, now)).map(held -> held.size() > 0))
                            .compose(held -> {
                                if (!held) {
                                    return Future.failedFuture(new RampRefused(holder + " no longer holds the "
                                            + "lease of the ramp of " + cohort));
                                }
                                Transition next = decide.apply(ramp);
                                return connection.preparedQuery(UPDATE).execute(Tuple.tuple().addValue(cohort)
                                        .addValue(next.status().id()).addValue(next.step())
                                        .addValue(next.restartStep() ? now
                                                : ramp.stepStartedAt().atOffset(ZoneOffset.UTC))
                                        .addValue(actor).addValue(now).addValue(reason).addValue(gates))
                                        .compose(updated -> applied(connection, ramp(updated.iterator().next()),
                                                next.action(), next.percent(), now, gates));
                            });
                }));
    }

    /** Sets the runtime percentage when the change has one, and appends the ramp's audit line. */
    private Future<Ramp> applied(SqlConnection connection, Ramp ramp, String action, Percent percent,
                                 OffsetDateTime now, String gates) {
        Future<?> rollout = percent == null ? Future.succeededFuture()
                : RolloutRows.change(connection, ramp.cohort(), percent, OptionalLong.empty(), ramp.changedBy(),
                "ramp " + action + " " + (ramp.step() + 1) + "/" + ramp.plan().steps().size() + ": "
                        + ramp.reason(), now);
        Percent audited = percent == null ? ramp.percent() : percent;
        return rollout.compose(done -> connection.preparedQuery(AUDIT).execute(Tuple.tuple()
                        .addValue(ramp.cohort()).addValue(action).addValue(ramp.step())
                        .addValue(BigDecimal.valueOf(audited.basisPoints(), 2)).addValue(ramp.changedBy())
                        .addValue(now).addValue(ramp.reason()).addValue(gates)))
                .map(ramp);
    }

    @Override
    public Future<Boolean> lease(String cohort, String holder, Duration ttl) {
        OffsetDateTime now = now();
        return modern.preparedQuery(LEASE).execute(Tuple.of(cohort, holder, now.plus(ttl), now))
                .map(rows -> rows.size() > 0);
    }

    @Override
    public Future<Void> record(String instance, String cohort, Instant flushedAt, RampStore.Counts counts) {
        return measurements.record(instance, cohort, flushedAt, counts);
    }

    @Override
    public Future<RampStore.Counts> measured(String cohort, Instant from, Instant to) {
        return measurements.measured(cohort, from, to);
    }

    @Override
    public Future<Void> forgetMeasurementsBefore(Instant before) {
        return measurements.forgetBefore(before);
    }

    @Override
    public Future<List<RampChange>> history(String cohort, int limit) {
        return modern.preparedQuery(HISTORY).execute(Tuple.of(cohort, limit)).map(rows -> {
            List<RampChange> changes = new ArrayList<>();
            for (Row row : rows) {
                changes.add(new RampChange(row.getLong("id"), row.getString("cohort"), row.getString("action"),
                        row.getInteger("step"), Percent.parse(row.getBigDecimal("percent").toPlainString()),
                        row.getString("changed_by"), row.getOffsetDateTime("changed_at").toInstant(),
                        row.getString("reason"), row.getString("gates")));
            }
            return changes;
        });
    }

    @Override
    public Future<List<String>> migratedSince(Instant since) {
        return modern.preparedQuery(MIGRATED_SINCE).execute(Tuple.of(since.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<String> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(row.getString("user_key")));
                    return keys;
                });
    }

    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static Ramp ramp(Row row) {
        LoadResult<RampPlan> plan = ConfigLoader.parseRampPlan("strangler.ramp", row.getString("plan"));
        if (!(plan instanceof LoadResult.Valid<RampPlan> valid)) {
            throw new IllegalStateException("strangler.ramp: the plan of " + row.getString("cohort")
                    + " cannot be read: " + plan);
        }
        return new Ramp(row.getString("cohort"), valid.value(),
                Status.valueOf(row.getString("status").toUpperCase(java.util.Locale.ROOT)), row.getInteger("step"),
                row.getOffsetDateTime("step_started_at").toInstant(), row.getOffsetDateTime("started_at").toInstant(),
                row.getString("changed_by"), row.getOffsetDateTime("changed_at").toInstant(), row.getString("reason"),
                row.getString("gates"), row.getLong("version"));
    }
}
