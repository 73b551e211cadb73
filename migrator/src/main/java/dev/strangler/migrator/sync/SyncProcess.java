package dev.strangler.migrator.sync;

import dev.strangler.config.LedgerSnapshots;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Coexistence;
import dev.strangler.migrator.Coexistence.ChangeSync;
import dev.strangler.migrator.Coexistence.SyncSettings;
import dev.strangler.migrator.Coexistence.SyncStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code strangler sync}: every third of the lease it takes or renews the lease and writes its figures; while it
 * holds the lease both change streams run, and each captured transaction is applied ({@link TransactionApplier}).
 * Losing the lease stops the streams.
 */
public final class SyncProcess implements ChangeSync {

    private static final Logger LOG = Logger.getLogger(SyncProcess.class.getName());

    private final Vertx vertx;
    private final SyncSettings settings;
    private final Pool state;
    private final Pool legacy;
    private final UserKeyColumns keys;
    private final SyncLease lease;
    private final SyncCounters counters;
    private final TransactionApplier applier;
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
        this.settings = settings;
        this.state = state;
        this.legacy = legacy;
        this.keys = UserKeyColumns.of(plan);
        this.lease = new SyncLease(state, settings.name(), settings.instanceId(), settings.leaseTtl());
        this.counters = new SyncCounters(settings.clock());
        this.applier = new TransactionApplier(settings, applies, keys, counters, legacy, state, () -> closed);
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
            capture = source.start(applier::applyLegacy, applier::applyModern);
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
        Future.join(legacyWal, modernWal).onComplete(measured -> SyncRecords.write(state, settings.name(), status())
                .onFailure(error -> LOG.log(Level.WARNING, "sync {0}: cannot write its figures: {1}",
                        new Object[] {settings.name(), error.getMessage()})));
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

    @Override
    public void close() {
        closed = true;
        vertx.cancelTimer(timer);
        vertx.executeBlocking(this::stopStreams, false).compose(streams -> streams)
                .compose(done -> lease.release()).onComplete(done -> stopped.tryComplete());
    }
}
