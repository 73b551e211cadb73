package dev.strangler.migrator.sync;

import dev.strangler.config.LedgerSnapshots;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.NamedStatement;
import dev.strangler.migrator.Coexistence;
import dev.strangler.migrator.Coexistence.ChangeSync;
import dev.strangler.migrator.Coexistence.CohortStage;
import dev.strangler.migrator.Coexistence.CohortStages;
import dev.strangler.migrator.Coexistence.SyncOutcome;
import dev.strangler.migrator.Coexistence.SyncSettings;
import dev.strangler.migrator.Coexistence.SyncStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code strangler sync}: every third of the lease it takes or renews the lease and writes its figures; while it
 * holds the lease both change streams run, and each captured transaction is applied user by user: a legacy change
 * of a migrated user is caught up into modern when the user's cohort stage catches up, a modern change is written
 * back when the stage syncs back; Strangler's own transactions are skipped. Losing the lease stops the streams.
 */
public final class SyncProcess implements ChangeSync {

    private static final Logger LOG = Logger.getLogger(SyncProcess.class.getName());
    private static final String STATUS = """
            INSERT INTO strangler.sync_status (name, holder, status, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, status = EXCLUDED.status,
                updated_at = EXCLUDED.updated_at""";

    private final Vertx vertx;
    private final MigrationPlan plan;
    private final SyncSettings settings;
    private final Coexistence applies;
    private final CohortStages stages;
    private final Pool state;
    private final Pool legacy;
    private final UserKeyColumns keys;
    private final SyncLease lease;
    private final SyncCounters counters;
    private final OwnerQueries owners;
    private final Promise<Void> stopped = Promise.promise();
    private final long timer;
    private final Source source;
    private Capture capture;
    private volatile boolean closed;

    /** Starts a capture that hands each side's whole transactions to its sink. */
    interface Source {
        Capture start(ChangeStream.Sink legacy, ChangeStream.Sink modern);
    }

    private SyncProcess(Vertx vertx, MigrationPlan plan, SyncSettings settings, Coexistence applies, Pool state,
                        Pool legacy, Source source) {
        this.source = source;
        this.vertx = vertx;
        this.plan = plan;
        this.settings = settings;
        this.applies = applies;
        this.stages = applies.stages();
        this.state = state;
        this.legacy = legacy;
        this.keys = UserKeyColumns.of(plan);
        this.lease = new SyncLease(state, settings.name(), settings.instanceId(), settings.leaseTtl());
        this.counters = new SyncCounters(settings.clock());
        this.owners = new OwnerQueries(legacy, counters, () -> closed);
        this.timer = vertx.setPeriodic(0, Math.max(100, settings.leaseTtl().toMillis() / 3), id -> tick());
    }

    /**
     * Starts standing by for the lease, then captures both databases with Debezium's embedded engine; fails at once
     * (an {@link IllegalArgumentException} naming file, line and key) when the plan does not say how rows find their
     * users, or when its ledger keeps no full snapshots: both directions tell who changed a column by comparing it
     * with legacy's rows at the last sync, which only {@code full} snapshots keep; without them a legacy change
     * would overwrite what modern changed.
     */
    public static ChangeSync start(Vertx vertx, MigrationPlan plan, SyncSettings settings, Coexistence applies,
                                   Pool state, Pool legacy) {
        requireFullSnapshots(plan);
        UserKeyColumns keys = UserKeyColumns.of(plan);
        return new SyncProcess(vertx, plan, settings, applies, state, legacy,
                (legacySink, modernSink) -> EmbeddedCapture.start(settings, plan.legacy(), plan.modern(), keys,
                        legacySink, modernSink));
    }

    /**
     * As {@link #start}, but while it holds the lease it takes the change events that Debezium Server's HTTP sink
     * posts ({@link HttpChangeReceiver}) on {@code host:port} instead of running Debezium itself.
     */
    public static ChangeSync receive(Vertx vertx, MigrationPlan plan, SyncSettings settings, Coexistence applies,
                                     Pool state, Pool legacy, String host, int port) {
        requireFullSnapshots(plan);
        return new SyncProcess(vertx, plan, settings, applies, state, legacy,
                (legacySink, modernSink) -> HttpChangeReceiver.listening(vertx, new SyncInbox(state, settings.name()),
                        Map.of("legacy", legacySink, "modern", modernSink), host, port));
    }

    private static void requireFullSnapshots(MigrationPlan plan) {
        if (plan.snapshots() != LedgerSnapshots.FULL) {
            throw new IllegalArgumentException(plan.positions().at("migration.ledger.snapshots",
                    plan.snapshots().name().toLowerCase(Locale.ROOT) + ": strangler sync needs full snapshots (the"
                            + " catch-up and the sync-back find who changed a column by comparing it with legacy's"
                            + " rows at the last sync, which only full snapshots keep; without them a legacy change"
                            + " would overwrite what modern changed). Expected: full").toString());
        }
    }

    private void tick() {
        if (closed) {
            return;
        }
        lease.takeOrRenew().onComplete(held -> {
            boolean holds = held.succeeded() && held.result();
            if (held.failed()) {
                LOG.log(Level.WARNING, "sync {0}: cannot renew the lease: {1}",
                        new Object[] {settings.name(), held.cause().getMessage()});
            }
            vertx.executeBlocking(() -> {
                runStreams(holds);
                return null;
            }, false);
            if (holds) {
                report();
            }
        });
    }

    private synchronized void runStreams(boolean holds) {
        if (holds && capture != null && capture.failed()) {
            LOG.log(Level.WARNING, "sync {0}: the capture stopped by itself (logged above); restarting it",
                    settings.name());
            stopStreams();
        }
        if (holds && capture == null && !closed) {
            LOG.log(Level.INFO, "sync {0}: {1} holds the lease; capturing {2}",
                    new Object[] {settings.name(), settings.instanceId(), keys});
            capture = source.start(this::applyLegacy, this::applyModern);
        } else if (!holds && capture != null) {
            LOG.log(Level.WARNING, "sync {0}: lease lost; standing by", settings.name());
            stopStreams();
        }
    }

    /** Stops capturing; completes once stopped (the embedded engines' replication connections closed). */
    private synchronized Future<Void> stopStreams() {
        if (capture == null) {
            return Future.succeededFuture();
        }
        Future<Void> stopping = capture.stop();
        capture = null;
        return stopping;
    }

    private void applyLegacy(CapturedTransaction transaction) throws InterruptedException {
        apply(transaction, SyncCounters.LEGACY_TO_MODERN, CohortStage::catchesUp, applies::catchUp);
    }

    private void applyModern(CapturedTransaction transaction) throws InterruptedException {
        apply(transaction, SyncCounters.MODERN_TO_LEGACY, CohortStage::syncsBack, applies::syncBack);
    }

    private void apply(CapturedTransaction transaction, String direction,
                       java.util.function.Predicate<CohortStage> stageSyncs,
                       Function<String, Future<SyncOutcome>> apply) throws InterruptedException {
        if (transaction.own()) {
            transaction.changes().forEach(change -> counters.skip("own_write"));
            return;
        }
        Set<String> users = new LinkedHashSet<>();
        for (RowChange change : transaction.changes()) {
            users.addAll(keys.users(transaction.side(), change));
            if ("legacy".equals(transaction.side())) {
                Optional<NamedStatement> query = keys.query(change.table());
                if (query.isPresent()) {
                    users.addAll(owners.users(query.get(), change));
                }
            }
        }
        for (String user : users) {
            String cohort = settings.cohortOf().apply(user);
            Future<SyncOutcome> outcome = (cohort == null ? Future.succeededFuture(CohortStage.DEFAULT)
                    : stages.stageOf(cohort)).compose(stage -> stageSyncs.test(stage) ? apply.apply(user)
                    : Future.succeededFuture(SyncOutcome.skipped(user, SyncOutcome.Result.STAGE_OFF)));
            SyncOutcome done = await(outcome, user, direction);
            counters.outcome(direction, done);
            if (done.result() == SyncOutcome.Result.INVALID) {
                LOG.log(Level.WARNING, "sync {0}: user {1}''s legacy data no longer passes the plan''s rules; not"
                        + " applied (strangler migrate --dry-run --user {1} shows why)",
                        new Object[] {settings.name(), user});
            }
            if (!done.conflicts().isEmpty()) {
                LOG.log(Level.INFO, "sync {0}: {1} conflicts of user {2} kept modern''s values: {3}",
                        new Object[] {settings.name(), done.conflicts().size(), user, done.conflicts()});
            }
        }
        counters.applied(direction, transaction.committed());
    }

    /** Waits for an apply on Debezium's thread; a failure is retried (the database may be back) until closed. */
    private SyncOutcome await(Future<SyncOutcome> first, String user, String direction) throws InterruptedException {
        Future<SyncOutcome> attempt = first;
        for (long backoff = 200; ; backoff = Math.min(backoff * 2, 10_000)) {
            try {
                return attempt.toCompletionStage().toCompletableFuture().get();
            } catch (ExecutionException e) {
                LOG.log(Level.WARNING, "sync {0}: {1} of user {2} failed, retrying: {3}",
                        new Object[] {settings.name(), direction, user, e.getCause().toString()});
                counters.skip("failed_retried");
                if (closed) {
                    throw new InterruptedException("sync closed");
                }
                Thread.sleep(backoff);
                attempt = SyncCounters.LEGACY_TO_MODERN.equals(direction) ? applies.catchUp(user)
                        : applies.syncBack(user);
            }
        }
    }

    private void report() {
        Future<Void> legacyWal = Slots.retainedWal(legacy, settings.slot("legacy"))
                .map(bytes -> {
                    bytes.ifPresent(b -> counters.retainedWal(settings.slot("legacy"), b));
                    return null;
                });
        Future<Void> modernWal = Slots.retainedWal(state, settings.slot("modern"))
                .map(bytes -> {
                    bytes.ifPresent(b -> counters.retainedWal(settings.slot("modern"), b));
                    return null;
                });
        Future.join(legacyWal, modernWal).onComplete(measured -> {
            SyncStatus status = status();
            state.preparedQuery(STATUS).execute(Tuple.of(settings.name(), settings.instanceId(), status.toJson(),
                    status.updatedAt().atOffset(ZoneOffset.UTC)));
        });
    }

    @Override
    public synchronized boolean active() {
        return capture != null;
    }

    @Override
    public SyncStatus status() {
        return counters.status(settings.instanceId());
    }

    @Override
    public Future<Void> stopped() {
        return stopped.future();
    }

    /** Reads the figures the holder of a sync name last wrote. */
    public static Future<java.util.Optional<SyncStatus>> lastStatus(Pool state, String name) {
        return state.preparedQuery("SELECT status FROM strangler.sync_status WHERE name = $1")
                .execute(Tuple.of(name)).map(rows -> rows.size() == 0 ? java.util.Optional.<SyncStatus>empty()
                        : java.util.Optional.of(SyncStatus.fromJson((JsonObject) rows.iterator().next()
                        .getValue("status"))));
    }

    /** Drops both sides' slots and publications of a sync name; refused while a process holds its lease. */
    public static Future<java.util.List<String>> dropSlots(Pool state, Pool legacy, String name) {
        return SyncLease.holder(state, name).compose(holder -> {
            if (holder.isPresent()) {
                return Future.failedFuture(new IllegalStateException("sync " + name + " is running (held by "
                        + holder.get() + "); stop it before dropping its slots"));
            }
            String legacySlot = name + "_legacy";
            String modernSlot = name + "_modern";
            return Future.all(Slots.drop(legacy, legacySlot), Slots.drop(state, modernSlot)).map(both -> {
                java.util.List<String> dropped = new java.util.ArrayList<>();
                if (both.<Boolean>resultAt(0)) {
                    dropped.add(legacySlot);
                }
                if (both.<Boolean>resultAt(1)) {
                    dropped.add(modernSlot);
                }
                return dropped;
            });
        });
    }

    @Override
    public void close() {
        closed = true;
        vertx.cancelTimer(timer);
        vertx.executeBlocking(this::stopStreams, false).compose(streams -> streams)
                .compose(done -> lease.release()).onComplete(done -> stopped.tryComplete());
    }
}
