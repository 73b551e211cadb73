package dev.strangler.migrator.engine;

import dev.strangler.config.EntityPlan;
import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.Verification.UserVerification;
import dev.strangler.migrator.state.LedgerReader;
import dev.strangler.migrator.state.LedgerRecord;
import dev.strangler.migrator.state.LedgerSnapshotPolicy;
import dev.strangler.migrator.state.Snapshots;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Verifies one user (SPEC §5 {@code verify}): re-reads and re-transforms the legacy data with the current plan and
 * compares it, entity by entity and field by field, with the modern rows of the same keys (see
 * {@link ModernComparison}). Notes when the plan changed since the user's migration, and when the re-transformed rows
 * no longer match the ledger's target snapshot (legacy changed after it was cleaned). Writes nothing.
 */
final class UserVerifier {

    private final String planVersion;
    private final LedgerReader ledger;
    private final Function<String, Future<DryRun>> dryRun;
    private final ModernComparison comparison;
    private final SnapshotDrift drift;
    private final GoneRows gone;
    private final List<EntityPlan> entities;

    UserVerifier(String planVersion, LedgerReader ledger, Function<String, Future<DryRun>> dryRun,
                 ModernComparison comparison, SnapshotDrift drift, GoneRows gone, List<EntityPlan> entities) {
        this.drift = drift;
        this.gone = gone;
        this.entities = List.copyOf(entities);
        this.planVersion = planVersion;
        this.ledger = ledger;
        this.dryRun = dryRun;
        this.comparison = comparison;
    }

    Future<UserVerification> verify(String userKey) {
        Future<Optional<LedgerRecord>> migration = ledger.ofUser(userKey, 50).map(records -> records.stream()
                .filter(r -> "MIGRATED".equals(r.entry().outcome()) || "CATCH_UP".equals(r.entry().outcome()))
                .findFirst());
        Future<DryRun> legacyNow = dryRun.apply(userKey);
        return Future.all(migration, legacyNow).compose(both -> {
            List<String> notes = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            Optional<LedgerRecord> record = migration.result();
            DryRun dryRun = legacyNow.result();
            if (record.isEmpty()) {
                problems.add("no MIGRATED ledger entry for this user");
            } else {
                String version = record.get().entry().planVersion();
                if (!planVersion.equals(version)) {
                    notes.add("migrated with plan " + abbreviated(version) + ", verified with the current plan "
                            + abbreviated(planVersion));
                }
                JsonObject recorded = record.get().entry().targetSnapshot();
                List<String> changed = drifted(recorded, dryRun.target());
                if (!changed.isEmpty()) {
                    notes.add("legacy's data, transformed now, differs from the ledger's target snapshot ("
                            + String.join(", ", changed) + "): legacy changed after the migration, or the plan did"
                            + goneFromLegacy(recorded, dryRun));
                }
            }
            if (!dryRun.wouldMigrate()) {
                dryRun.violations().forEach(v -> problems.add("legacy data is now invalid: " + v.entity() + " "
                        + v.row() + ": " + v.message()));
                return Future.succeededFuture(new UserVerification(userKey, notes, problems, List.of()));
            }
            return comparison.compare(dryRun.target())
                    .map(checks -> new UserVerification(userKey, notes, problems, checks));
        }).recover(error -> Future.succeededFuture(new UserVerification(userKey, List.of(),
                List.of("could not verify: " + MigrationAttempt.describe(error)), List.of())));
    }

    /**
     * The entities whose recorded target (rows, or a hash in {@code hash} mode) differs from legacy transformed now:
     * a hash by {@link LedgerSnapshotPolicy#differences}, rows as data by {@link SnapshotDrift}. None without a
     * target snapshot ({@code source} mode).
     */
    private List<String> drifted(JsonObject recorded, Map<String, List<Map<String, Object>>> now) {
        List<String> changed = new ArrayList<>();
        if (recorded == null) {
            return changed;
        }
        JsonObject nowJson = Snapshots.of(now);
        for (String entity : nowJson.fieldNames()) {
            Object kept = recorded.getValue(entity);
            boolean differs = kept instanceof String
                    ? !LedgerSnapshotPolicy.differences(new JsonObject().put(entity, kept),
                            Map.of(entity, now.get(entity))).isEmpty()
                    : drift.drifted(new JsonObject().put(entity, kept),
                            new JsonObject().put(entity, nowJson.getValue(entity)));
            if (differs) {
                changed.add(entity);
            }
        }
        return changed;
    }

    /** The recorded rows legacy no longer has, named ("; customer_order 10702: ... missing in legacy now"). */
    private String goneFromLegacy(JsonObject recorded, DryRun now) {
        StringBuilder named = new StringBuilder();
        if (!now.wouldMigrate()) {
            return "";
        }
        for (EntityPlan entity : entities) {
            Object rows = recorded.getValue(entity.name());
            if (rows instanceof JsonArray array) {
                gone.of(entity, array, now.target().getOrDefault(entity.name(), List.of())).forEach(row ->
                        named.append("; ").append(GoneRows.name(entity, row))
                                .append(": in the ledger's target and missing in legacy now"));
            }
        }
        return named.toString();
    }

    private static String abbreviated(String version) {
        return version == null ? "(none)" : version.substring(0, Math.min(12, version.length()));
    }
}
