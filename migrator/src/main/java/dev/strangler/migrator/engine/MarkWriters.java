package dev.strangler.migrator.engine;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.MigratorSettings;
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
 * {@link CleanedRepair} of owed marks. The one place a mark writer is built; every mark waits for the fleet's
 * {@code barrier} (README "Barrier") before it is written.
 */
final class MarkWriters {

    private final CleanedMarker marker;
    private final DeferredMarks deferred;
    private final CleanedRepair repair;

    MarkWriters(Vertx vertx, MigrationPlan plan, Pool legacy, Pool modern, StatementTypes legacyTypes,
                UserStates states, UserPreparation preparation, List<EntityPipeline> entities, SnapshotDrift drift,
                GoneRows gone, MigratorSettings settings, Supplier<Future<Boolean>> barrier) {
        CleanedDue due = new CleanedDue(modern);
        CatchUp catchUp = new CatchUp(preparation, entities, states, new PgLedger(), drift, gone, settings.clock(),
                plan.version(), settings.instanceId());
        this.marker = new CleanedMarker(legacy, plan.cleaned(), legacyTypes, states, catchUp, settings.clock(), due,
                barrier);
        this.deferred = new DeferredMarks(vertx, settings.markDelay(), due, marker::markHeard);
        this.repair = new CleanedRepair(vertx, settings.cleanedRepairEvery(), marker::repair);
    }

    /** The fenced marker: a user's mark now, or every owed mark that is due. */
    CleanedMarker marker() {
        return marker;
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
