package dev.strangler.migrator.engine;

import dev.strangler.migrator.Coexistence.SyncOutcome;
import dev.strangler.migrator.Coexistence.SyncOutcome.Conflict;
import dev.strangler.migrator.Coexistence.SyncOutcome.Result;
import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.state.LedgerEntry;
import dev.strangler.migrator.state.LockedUser;
import dev.strangler.migrator.state.PgLedger;
import dev.strangler.migrator.state.Snapshots;
import dev.strangler.migrator.state.StateChange;
import dev.strangler.migrator.state.UserStates;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The applies of {@code strangler sync} (issue 17), each under the user's lock in one modern transaction and only
 * for a {@code MIGRATED} user. The catch-up re-reads legacy and re-runs the migration's own validate and transform
 * ({@link UserPreparation}) and upsert ({@link EntityPipeline#target()}), merging each row with modern's
 * ({@link RowMerge}) against the last sync's snapshot; ledger {@code CATCH_UP}, whose target snapshot (legacy's
 * rows, transformed) is the next sync's base. The sync-back catches up first, then copies modern to legacy with the
 * plan's {@code rollback} steps in the same legacy transaction (one snapshot), marked as Strangler's own; ledger
 * {@code SYNC_BACK}, whose target (legacy's rows after the copy, transformed) is the next catch-up's base.
 */
final class UserSync {

    /** Marks a legacy transaction as Strangler's (a logical decoding message), so the sync does not capture it. */
    static final String MARKER = "SELECT pg_logical_emit_message(true, 'strangler', $1)";

    /**
     * A sync-back reads legacy (its catch-up), copies modern over and reads legacy again in one snapshot: a legacy
     * write committed meanwhile to a row the copy updates fails the copy (serialization failure, retried), so no
     * legacy change can slip into the recorded base without having been caught up.
     */
    private static final String REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";

    /** The field of a conflict about a whole row: legacy deleted it, modern changed it. */
    private static final String ROW = "(row)";

    private final Pool legacy;
    private final Pool modern;
    private final UserPreparation preparation;
    private final List<EntityPipeline> entities;
    private final StatementTypes modernTypes;
    private final RollbackAttempt rollback;
    private final UserStates states;
    private final GoneRows gone;
    private final PgLedger ledger;
    private final Clock clock;
    private final String planVersion;
    private final String instanceId;

    UserSync(Pool legacy, Pool modern, UserPreparation preparation, List<EntityPipeline> entities,
             StatementTypes modernTypes, RollbackAttempt rollback, UserStates states, GoneRows gone, Clock clock,
             String planVersion, String instanceId) {
        this.gone = gone;
        this.legacy = legacy;
        this.modern = modern;
        this.preparation = preparation;
        this.entities = List.copyOf(entities);
        this.modernTypes = modernTypes;
        this.rollback = rollback;
        this.states = states;
        this.ledger = new PgLedger();
        this.clock = clock;
        this.planVersion = planVersion;
        this.instanceId = instanceId;
    }

    Future<SyncOutcome> catchUp(String userKey) {
        return modern.withTransaction(connection -> states.lock(connection, userKey).compose(user ->
                user.state() != UserState.MIGRATED
                        ? Future.succeededFuture(SyncOutcome.skipped(userKey, Result.NOT_MIGRATED))
                        : catchUpOn(connection, userKey, user, preparation.prepare(userKey, null))));
    }

    Future<SyncOutcome> syncBack(String userKey) {
        return modern.withTransaction(connection -> states.lock(connection, userKey).compose(user -> {
            if (user.state() != UserState.MIGRATED) {
                return Future.succeededFuture(SyncOutcome.skipped(userKey, Result.NOT_MIGRATED));
            }
            Instant started = clock.instant();
            Map<String, List<Map<String, Object>>> read = new LinkedHashMap<>();
            Map<String, List<Map<String, Object>>> written = new LinkedHashMap<>();
            return legacy.withTransaction(legacyConnection -> legacyConnection.query(REPEATABLE_READ).execute()
                    .compose(snapshot -> legacyConnection.preparedQuery(MARKER).execute(Tuple.of("sync-back "
                            + userKey)))
                    .compose(marked -> catchUpOn(connection, userKey, user,
                            preparation.prepareOn(legacyConnection, userKey)))
                    .compose(caughtUp -> rollback.steps(connection, legacyConnection, userKey, 0, read, written)
                            .compose(copied -> preparation.prepareOn(legacyConnection, userKey))
                            .map(after -> new CopiedBack(caughtUp, after))))
                    .compose(copied -> append(connection, userKey,
                            user.nextAttempt() + (copied.caughtUp().ledgerId() == null ? 0 : 1), started,
                            Snapshots.of(read), copied.after().wouldMigrate() ? Snapshots.of(copied.after().target())
                                    : Snapshots.of(written), List.of(), "SYNC_BACK")
                            .map(id -> new SyncOutcome(userKey, Result.APPLIED,
                                    written.values().stream().mapToInt(List::size).sum(),
                                    copied.caughtUp().conflicts(), id)));
        }));
    }

    /** What a sync-back's legacy transaction did: the catch-up before the copy, and legacy's rows after it. */
    private record CopiedBack(SyncOutcome caughtUp, DryRun after) {
    }

    private Future<SyncOutcome> catchUpOn(SqlConnection connection, String userKey, LockedUser user,
                                          Future<DryRun> legacyRead) {
        Instant started = clock.instant();
        return legacyRead.compose(read -> preparation.fit(connection, read)).compose(now -> {
            if (!now.wouldMigrate()) {
                return Future.succeededFuture(SyncOutcome.skipped(userKey, Result.INVALID));
            }
            return ledger.lastMigrated(connection, userKey).compose(last -> {
                JsonObject base = last.map(PgLedger.MigratedSnapshot::target).orElse(null);
                List<Conflict> conflicts = new ArrayList<>();
                int[] written = {0};
                List<Supplier<Future<Integer>>> deletes = new ArrayList<>();
                return merge(connection, now, base, 0, conflicts, written, deletes)
                        .compose(merged -> deleteChildrenFirst(deletes, 0)).compose(done -> {
                    if (written[0] == 0 && conflicts.isEmpty()) {
                        return Future.succeededFuture(SyncOutcome.skipped(userKey, Result.UNCHANGED));
                    }
                    return append(connection, userKey, user.nextAttempt(), started, Snapshots.of(now.source()),
                            Snapshots.of(now.target()), violations(conflicts), "CATCH_UP")
                            .map(id -> new SyncOutcome(userKey, written[0] > 0 ? Result.APPLIED : Result.UNCHANGED,
                                    written[0], conflicts, id));
                });
            });
        });
    }

    private Future<Void> merge(SqlConnection connection, DryRun now, JsonObject base, int index,
                               List<Conflict> conflicts, int[] written, List<Supplier<Future<Integer>>> deletes) {
        if (index == entities.size()) {
            return Future.succeededFuture();
        }
        EntityPipeline entity = entities.get(index);
        List<Map<String, Object>> rows = now.target().getOrDefault(entity.name(), List.of());
        Optional<UpsertShape> shape = UpsertShape.of(entity.plan().upsert());
        Future<Void> merged;
        if (shape.isEmpty()) {
            written[0] += rows.size();
            merged = entity.target().load(connection, rows);
        } else {
            merged = mergeEntity(connection, new RowVersions(entity, shape.get(), modernTypes), rows,
                    baseRows(base, entity.name()), conflicts, written, deletes);
        }
        return merged.compose(done -> merge(connection, now, base, index + 1, conflicts, written, deletes));
    }

    private Future<Void> mergeEntity(SqlConnection connection, RowVersions versions, List<Map<String, Object>> rows,
                                     List<Map<String, Object>> baseRows, List<Conflict> conflicts, int[] written,
                                     List<Supplier<Future<Integer>>> deletes) {
        String entity = versions.entityName();
        return versions.asWritten(connection, baseRows).compose(base -> versions.asWritten(connection, rows)
                .compose(legacyNow -> versions.current(connection, legacyNow.values()).compose(modernNow -> {
                    List<Map<String, Object>> toWrite = new ArrayList<>();
                    Map<JsonObject, List<String>> restores = new LinkedHashMap<>();
                    int i = 0;
                    for (Map.Entry<String, JsonObject> row : legacyNow.entrySet()) {
                        RowMerge decision = RowMerge.decide(entity, row.getKey(), versions.shape().columns(),
                                baseRows.isEmpty() && base.isEmpty() ? null : base.get(row.getKey()),
                                row.getValue(), modernNow.get(row.getKey()));
                        conflicts.addAll(decision.conflicts());
                        if (decision.write()) {
                            toWrite.add(rows.get(i));
                            restores.put(modernNow.get(row.getKey()), decision.keepModern());
                        }
                        i++;
                    }
                    written[0] += toWrite.size();
                    Future<Void> restored = versions.entityTarget().load(connection, toWrite);
                    for (Map.Entry<JsonObject, List<String>> restore : restores.entrySet()) {
                        restored = restored.compose(done -> versions.restore(connection, restore.getKey(),
                                restore.getValue()));
                    }
                    return restored.compose(done -> deleteGone(connection, versions, base, legacyNow, conflicts,
                            written, deletes));
                })));
    }

    /**
     * Rows legacy had at the last sync and has no more (deleted in legacy): deleted from modern when modern's row is
     * still the one the last sync wrote; a row modern changed since stays (modern owns the user), recorded as a
     * conflict of field {@code (row)}. Without a base (a user migrated before the ledger kept full snapshots)
     * nothing is known to be gone. The deletes run once every entity is merged, children first
     * ({@link #deleteChildrenFirst}), as the catch-up of the cleaned mark's does.
     */
    private Future<Void> deleteGone(SqlConnection connection, RowVersions versions, Map<String, JsonObject> base,
                                    Map<String, JsonObject> legacyNow, List<Conflict> conflicts, int[] written,
                                    List<Supplier<Future<Integer>>> deletes) {
        List<JsonObject> missing = base.entrySet().stream().filter(row -> !legacyNow.containsKey(row.getKey()))
                .map(Map.Entry::getValue).toList();
        if (missing.isEmpty() || !(versions.entityTarget() instanceof UpsertTarget)) {
            return Future.succeededFuture();
        }
        return versions.current(connection, missing).compose(modernNow -> {
            List<JsonObject> toDelete = new ArrayList<>();
            for (JsonObject row : missing) {
                JsonObject modernRow = modernNow.get(versions.key(row));
                if (modernRow == null) {
                    continue;
                }
                if (modernRow.equals(row)) {
                    toDelete.add(row);
                } else {
                    conflicts.add(new Conflict(versions.entityName(), versions.key(row), ROW,
                            modernRow.encode(), "deleted in legacy", row.encode()));
                }
            }
            written[0] += toDelete.size();
            deletes.add(0, () -> gone.delete(connection, versions.entityPlan(), toDelete));
            return Future.succeededFuture();
        });
    }

    /** Runs the deletes one after another; they were added parents first, each at the front. */
    private static Future<Void> deleteChildrenFirst(List<Supplier<Future<Integer>>> deletes, int index) {
        return index == deletes.size() ? Future.succeededFuture()
                : deletes.get(index).get().compose(deleted -> deleteChildrenFirst(deletes, index + 1));
    }

    private static List<Map<String, Object>> baseRows(JsonObject base, String entity) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (base != null && base.getValue(entity) instanceof JsonArray array) {
            array.forEach(row -> {
                if (row instanceof JsonObject json) {
                    rows.add(json.getMap());
                }
            });
        }
        return rows;
    }

    private Future<Long> append(SqlConnection connection, String userKey, int attempt, Instant started,
                                JsonObject source, JsonObject target, List<Violation> errors, String outcome) {
        return ledger.append(connection, new LedgerEntry(userKey, attempt, Trigger.SYNC, started, clock.instant(),
                        planVersion, source, target, errors, instanceId, outcome))
                .compose(id -> states.record(connection, new StateChange(userKey, UserState.MIGRATED, attempt,
                        clock.instant(), null, id, false)).map(id));
    }

    private static List<Violation> violations(List<Conflict> conflicts) {
        return conflicts.stream().map(conflict -> new Violation(conflict.entity(), conflict.row(), conflict.field(),
                "conflict: modern owns the user", ROW.equals(conflict.field())
                        ? "legacy deleted the row, modern changed it since the last sync; modern's row "
                        + conflict.kept() + " kept (was " + conflict.base() + ")"
                        : "both sides changed " + conflict.field() + " since the last sync; modern kept "
                        + conflict.kept() + ", legacy's " + conflict.lost() + " lost (was " + conflict.base() + ")"))
                .toList();
    }
}
