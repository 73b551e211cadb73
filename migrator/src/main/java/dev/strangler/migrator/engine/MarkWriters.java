package dev.strangler.migrator.engine;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.bulk.MarkedRead;
import dev.strangler.migrator.bulk.PlanSteps;
import dev.strangler.migrator.fleet.PgFleet;
import dev.strangler.migrator.fleet.SharedBarrier;
import dev.strangler.migrator.state.CleanedDue;
import dev.strangler.migrator.state.PgLedger;
import dev.strangler.migrator.state.UserStates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything that writes legacy cleaned marks (README "No write is lost"), wired once: the fenced {@link CleanedMarker}
 * with its {@link CatchUp}, the {@link DeferredMarks} of migrations no request started, and the periodic
 * {@link CleanedRepair} of owed marks; the deferred marks are written by the {@link BatchMarker}, many at once. The
 * one place a mark writer is built; every mark waits for the fleet's {@code barrier} (README "Barrier") before it is
 * written.
 */
final class MarkWriters {

    private final CleanedMarker marker;
    private final BatchMarker batch;
    private final DeferredMarks deferred;
    private final CleanedRepair repair;
    private final PgFleet fleet;
    private final Supplier<Future<Boolean>> barrier;

    MarkWriters(Vertx vertx, MigrationPlan plan, Pool legacy, Pool modern, StatementTypes legacyTypes,
                UserStates states, UserPreparation preparation, List<EntityPipeline> entities, SnapshotDrift drift,
                GoneRows gone, MigratorSettings settings, Pool leases, PlanSteps steps) {
        this.fleet = new PgFleet(vertx, modern, leases);
        this.barrier = new SharedBarrier(fleet, plan.timeout().dividedBy(2));
        CleanedDue due = new CleanedDue(modern);
        CatchUp catchUp = new CatchUp(preparation, entities, states, new PgLedger(), drift, gone, settings.clock(),
                plan.version(), settings.instanceId());
        this.marker = new CleanedMarker(legacy, plan.cleaned(), legacyTypes, states, catchUp, settings.clock(), due,
                barrier);
        boolean batched = plan.cleaned() != null && !plan.cleaned().isBlank() && steps.plainStatements();
        this.batch = new BatchMarker(legacy, modern, batched, states, new MarkedRead(plan, steps), preparation,
                catchUp, settings.clock(), marker, barrier);
        this.deferred = new DeferredMarks(vertx, settings.markDelay(), due, batch::markHeard);
        this.repair = new CleanedRepair(vertx, settings.cleanedRepairEvery(), marker::repair);
    }

    /** The fleet whose barrier every mark waits for (its leases on the request path's small pool, {@code leases}). */
    PgFleet fleet() {
        return fleet;
    }

    /** A barrier the fleet has heard, shared by the callers that ask for one at once ({@link SharedBarrier}). */
    Supplier<Future<Boolean>> barrier() {
        return barrier;
    }

    /** The fenced marker: a user's mark now, or every owed mark that is due. */
    CleanedMarker marker() {
        return marker;
    }

    /** Many users' marks at once, as the deferred marks are written. */
    BatchMarker batch() {
        return batch;
    }

    /** The marks of migrations no request started, written when due. */
    DeferredMarks deferred() {
        return deferred;
    }

    /** Starts the periodic repair (once the state schema is there). */
    void startRepair() {
        repair.start();
    }

    /**
     * Writes the marks this process deferred (off the event loop, at most the mark delay plus {@code extra}: {@link
     * DeferredMarks#settleBeforeExit}), then stops the deferred marks' timer and the repair.
     */
    void close(Duration extra) {
        deferred.settleBeforeExit(extra);
        deferred.close();
        repair.stop();
    }
}
