package dev.strangler.migrator.engine;

import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.state.LedgerEntry;
import dev.strangler.migrator.state.LedgerSnapshotPolicy;
import dev.strangler.migrator.state.LockedUser;
import dev.strangler.migrator.state.PgLedger;
import dev.strangler.migrator.state.Snapshots;
import dev.strangler.migrator.state.StateChange;
import dev.strangler.migrator.state.UserStates;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The second half of the write fence (SPEC §4.2 step 5): in the legacy transaction that writes the cleaned mark
 * (whose UPDATE holds the user's root row) and the modern transaction that holds the user's lock, re-reads the
 * user's legacy data and compares it, transformed, with the snapshot of the last migration ({@link SnapshotDrift}).
 * A legacy write that landed after the migration read legacy shows up here: the rows that differ are upserted into
 * modern, the rows legacy deleted meanwhile are deleted from modern ({@link GoneRows}), and the whole of
 * legacy's data now is recorded as the target of a {@code CATCH_UP} ledger entry (a deleted row is the one the
 * previous entry's target has and this one's lacks), before the mark commits. Data that can no longer be
 * migrated (now invalid) fails the catch-up, and with it the mark, which stays owed.
 */
final class CatchUp {

    private final UserPreparation preparation;
    private final List<EntityPipeline> entities;
    private final UserStates states;
    private final PgLedger ledger;
    private final SnapshotDrift drift;
    private final GoneRows gone;
    private final Clock clock;
    private final String planVersion;
    private final String instanceId;

    CatchUp(UserPreparation preparation, List<EntityPipeline> entities, UserStates states, PgLedger ledger,
            SnapshotDrift drift, GoneRows gone, Clock clock, String planVersion, String instanceId) {
        this.gone = gone;
        this.preparation = preparation;
        this.entities = List.copyOf(entities);
        this.states = states;
        this.ledger = ledger;
        this.drift = drift;
        this.clock = clock;
        this.planVersion = planVersion;
        this.instanceId = instanceId;
    }

    /**
     * Completes with the catch-up's ledger entry and the entities it changed, or empty when legacy did not change;
     * fails if it cannot catch up.
     */
    Future<Optional<CaughtUp>> run(SqlConnection modern, SqlConnection legacy, String userKey, LockedUser user) {
        Instant started = clock.instant();
        Future<Optional<PgLedger.MigratedSnapshot>> migrated = ledger.lastMigrated(modern, userKey);
        return migrated.compose(snapshot -> preparation.prepareOn(legacy, userKey)
                .compose(read -> preparation.fit(modern, read))
                .compose(now -> apply(modern, userKey, user, snapshot, now, started)));
    }

    /**
     * The catch-up of a user whose legacy data was read under the mark's row lock and checked ({@code now}, fitted
     * to modern's types), against the snapshot of their last migration: nothing when legacy did not change (no
     * statement is sent), else the changed rows upserted, the gone ones deleted and the {@code CATCH_UP} entry
     * appended, on {@code modern}. Fails if the data can no longer be migrated.
     */
    Future<Optional<CaughtUp>> apply(SqlConnection modern, String userKey, LockedUser user,
                                     Optional<PgLedger.MigratedSnapshot> snapshot, DryRun now, Instant started) {
        if (!now.wouldMigrate()) {
            return Future.failedFuture(new IllegalStateException("legacy changed before the cleaned mark and"
                    + " can no longer be migrated: " + describe(now.violations())));
        }
        JsonObject target = Snapshots.of(now.target());
        if (snapshot.isEmpty() || !drifted(snapshot.get(), now, target)) {
            return Future.succeededFuture(Optional.<CaughtUp>empty());
        }
        Set<String> changed = new HashSet<>();
        return upsertChanged(modern, now, rowsOrNone(snapshot.get().target()), changed)
                .compose(written -> append(modern, userKey, user, snapshot.get().trigger(), started, now, target))
                .map(ledgerId -> Optional.of(new CaughtUp(ledgerId, changed.size())));
    }

    /**
     * Whether legacy changed since the recorded migration: the target compared as data when the ledger kept rows
     * ({@code full}), by hash when it kept hashes ({@code hash}); without a target ({@code source}) the legacy rows
     * kept are compared with legacy's now (without the cleaned mark's columns), and every row is upserted again.
     */
    private boolean drifted(PgLedger.MigratedSnapshot recorded, DryRun now, JsonObject target) {
        if (recorded.target() == null) {
            return drift.drifted(recorded.source(), Snapshots.of(now.source()));
        }
        if (rowsOrNone(recorded.target()).isEmpty() && !recorded.target().isEmpty()) {
            return !LedgerSnapshotPolicy.differences(recorded.target(), now.target()).isEmpty();
        }
        return drift.drifted(recorded.target(), target);
    }

    /** The recorded target when it kept rows; empty when it kept hashes or nothing (every row counts as changed). */
    private static JsonObject rowsOrNone(JsonObject recorded) {
        if (recorded == null || recorded.stream().anyMatch(field -> !(field.getValue() instanceof JsonArray))) {
            return new JsonObject();
        }
        return recorded;
    }

    /** Tells the steps' listener of a catch-up whose mark committed. */
    void committed(String userKey, CaughtUp caughtUp) {
        preparation.steps().caughtUp(userKey, caughtUp.entities());
    }

    private Future<Void> upsertChanged(SqlConnection modern, DryRun now, JsonObject migrated, Set<String> changed) {
        List<Future<Void>> loads = new ArrayList<>(entities.size());
        for (EntityPipeline entity : entities) {
            JsonArray before = migrated.getJsonArray(entity.name(), new JsonArray());
            Set<Object> unchanged = new HashSet<>();
            before.forEach(row -> unchanged.add(drift.canonical(row)));
            List<Map<String, Object>> rows = now.target().getOrDefault(entity.name(), List.of()).stream()
                    .filter(row -> !unchanged.contains(drift.canonical(Snapshots.row(row))))
                    .toList();
            if (!rows.isEmpty()) {
                changed.add(entity.name());
            }
            loads.add(rows.isEmpty() ? Future.succeededFuture() : entity.target().load(modern, rows));
        }
        return Future.all(loads).compose(loaded -> deleteGone(modern, now, migrated, entities.size() - 1, changed));
    }

    /**
     * Deletes from modern the rows the migration wrote that legacy no longer has, children first (the plan's
     * entities in reverse), one entity after another; an entity whose target an extension replaced keeps them.
     */
    private Future<Void> deleteGone(SqlConnection modern, DryRun now, JsonObject migrated, int index,
                                    Set<String> changed) {
        if (index < 0) {
            return Future.succeededFuture();
        }
        EntityPipeline entity = entities.get(index);
        if (!(entity.target() instanceof UpsertTarget)) {
            return deleteGone(modern, now, migrated, index - 1, changed);
        }
        List<JsonObject> gone = this.gone.of(entity.plan(), migrated.getJsonArray(entity.name(), new JsonArray()),
                now.target().getOrDefault(entity.name(), List.of()));
        if (!gone.isEmpty()) {
            changed.add(entity.name());
        }
        return this.gone.delete(modern, entity.plan(), gone)
                .compose(deleted -> deleteGone(modern, now, migrated, index - 1, changed));
    }

    private Future<Long> append(SqlConnection modern, String userKey, LockedUser user, Trigger trigger,
                                Instant started, DryRun now, JsonObject target) {
        return ledger.append(modern, new LedgerEntry(userKey, user.nextAttempt(), trigger, started, clock.instant(),
                        planVersion, Snapshots.of(now.source()), target, List.of(), instanceId, "CATCH_UP"))
                .compose(ledgerId -> states.record(modern, new StateChange(userKey, UserState.MIGRATED,
                        user.nextAttempt(), clock.instant(), null, ledgerId, false)).map(ledgerId));
    }

    /**
     * A catch-up that happened.
     *
     * @param ledgerId its {@code CATCH_UP} ledger entry
     * @param entities how many of the plan's entities had rows upserted into modern or deleted from it
     */
    record CaughtUp(long ledgerId, int entities) {
    }

    private static String describe(List<Violation> violations) {
        return violations.stream().map(v -> v.entity() + " " + v.row() + ": " + v.message())
                .collect(Collectors.joining("; "));
    }
}
