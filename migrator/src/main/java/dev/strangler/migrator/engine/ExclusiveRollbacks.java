package dev.strangler.migrator.engine;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.migrator.batch.Batch;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;

/**
 * Rollbacks that hold the user's single-flight slot, as a migration does, so no attempt of this instance runs
 * beside one; a cleaned mark legacy still owes is written first
 * (a deferred one once it is due). While it runs, a request for the user waits and
 * then reads the outcome as the state it left.
 */
final class ExclusiveRollbacks implements Rollbacks {

    private final SingleFlightEngine engine;
    private final Vertx vertx;
    private final CleanedMarker cleaned;
    private final RollbackAttempt rollback;

    ExclusiveRollbacks(Vertx vertx, SingleFlightEngine engine, CleanedMarker cleaned, RollbackAttempt rollback) {
        this.vertx = vertx;
        this.engine = engine;
        this.cleaned = cleaned;
        this.rollback = rollback;
    }

    @Override
    public Future<Rollbacks.Outcome> rollback(String userKey, Trigger trigger) {
        return engine.exclusive(userKey, () -> cleaned.markWhenDue(vertx, userKey).compose(owedMarkTried ->
                        rollback.run(userKey, trigger)), outcome ->
                outcome instanceof Rollbacks.Outcome.RolledBack
                        ? new MigrationEngine.Outcome.NotAttempted(userKey, UserState.ROLLED_BACK, outcome.detail())
                        : outcome instanceof Rollbacks.Outcome.NotRolledBack not
                        ? new MigrationEngine.Outcome.NotAttempted(userKey, not.state(), not.reason())
                        : new MigrationEngine.Outcome.AlreadyMigrated(userKey));
    }

    @Override
    public Future<List<Rollbacks.Outcome>> rollback(List<String> userKeys, Trigger trigger, int concurrency) {
        return Batch.run(userKeys, concurrency, key -> rollback(key, trigger), progress -> {
        }, Clock.systemUTC());
    }
}
