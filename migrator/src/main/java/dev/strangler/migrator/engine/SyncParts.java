package dev.strangler.migrator.engine;

import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.Coexistence;
import dev.strangler.migrator.Coexistence.ChangeSync;
import dev.strangler.migrator.Coexistence.CohortStages;
import dev.strangler.migrator.Coexistence.SyncOutcome;
import dev.strangler.migrator.Coexistence.SyncSettings;
import dev.strangler.migrator.Coexistence.SyncStatus;
import dev.strangler.migrator.stage.StageRows;
import dev.strangler.migrator.sync.SyncProcess;
import dev.strangler.migrator.sync.SyncRecords;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@link Coexistence} wired: the engine's applies, the stages, and the sync process on the migrator's pools. */
final class SyncParts implements Coexistence {

    private final Vertx vertx;
    private final MigrationPlan plan;
    private final Pool legacy;
    private final Pool modern;
    private final UserSync applies;
    private final CohortStages stages;

    SyncParts(Vertx vertx, MigrationPlan plan, Pool legacy, Pool modern, UserSync applies, Clock clock) {
        this.vertx = vertx;
        this.plan = plan;
        this.legacy = legacy;
        this.modern = modern;
        this.applies = applies;
        this.stages = new StageRows(modern, clock);
    }

    @Override
    public Future<SyncOutcome> catchUp(String userKey) {
        return applies.catchUp(userKey);
    }

    @Override
    public Future<SyncOutcome> syncBack(String userKey) {
        return applies.syncBack(userKey);
    }

    @Override
    public CohortStages stages() {
        return stages;
    }

    @Override
    public ChangeSync start(SyncSettings settings) {
        return SyncProcess.start(vertx, plan, settings, this, modern, legacy);
    }

    @Override
    public ChangeSync receive(SyncSettings settings, String host, int port) {
        return SyncProcess.receive(vertx, plan, settings, this, modern, legacy, host, port);
    }

    @Override
    public Future<Optional<SyncStatus>> lastStatus(String name) {
        return SyncRecords.lastStatus(modern, name);
    }

    @Override
    public Future<List<String>> dropSlots(String name) {
        return SyncRecords.dropSlots(modern, legacy, name);
    }
}
