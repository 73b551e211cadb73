package dev.strangler.migrator.bulk;

import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.state.LedgerSnapshotPolicy;
import dev.strangler.migrator.state.Snapshots;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A batch's CPU work: validates and transforms each user as an attempt does ({@link PlanSteps#check}) and encodes
 * the JSON their ledger entries will carry, on a worker thread. It is most of the JVM's time in a backfill (the
 * plan's CEL rules and mappings over every row); on the event loop it held up the database round trips of every
 * other batch in flight, whose connections share that loop.
 */
final class BatchCheck {

    private final PlanSteps steps;
    private final LedgerSnapshotPolicy snapshots;

    BatchCheck(PlanSteps steps, LedgerSnapshotPolicy snapshots) {
        this.steps = steps;
        this.snapshots = snapshots;
    }

    /**
     * One user's check and the text of their ledger entry's JSON columns (snapshots as the plan's
     * {@code ledger.snapshots} keeps them; no target snapshot for an invalid user), encoded as the per-user path's
     * ledger encodes them.
     */
    record Checked(DryRun dryRun, String source, String target, String errors) {

        String userKey() {
            return dryRun.userKey();
        }

        boolean valid() {
            return dryRun.wouldMigrate();
        }
    }

    /** Checks the users (in the given order) off the event loop; fails as the first failing check fails. */
    Future<List<Checked>> check(List<String> keys, Map<String, Map<String, List<Map<String, Object>>>> sources) {
        return offLoop(() -> {
            List<Checked> checked = new ArrayList<>(keys.size());
            for (String key : keys) {
                DryRun dryRun = steps.check(key, sources.get(key));
                boolean valid = dryRun.wouldMigrate();
                checked.add(new Checked(dryRun, encode(snapshots.source(dryRun.source())),
                        valid ? encode(snapshots.target(dryRun.target())) : null,
                        Snapshots.errors(dryRun.violations()).encode()));
            }
            return checked;
        });
    }

    /** On a worker thread of the calling context; inline when called outside any (a plain thread). */
    private static <T> Future<T> offLoop(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context != null) {
            return context.executeBlocking(work, false);
        }
        try {
            return Future.succeededFuture(work.call());
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    private static String encode(JsonObject snapshot) {
        return snapshot == null ? null : snapshot.encode();
    }
}
