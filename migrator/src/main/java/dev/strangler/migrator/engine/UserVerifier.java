package dev.strangler.migrator.engine;

import dev.strangler.migrator.DryRun;
import dev.strangler.migrator.Verification.UserVerification;
import dev.strangler.migrator.state.LedgerReader;
import dev.strangler.migrator.state.LedgerRecord;
import dev.strangler.migrator.state.Snapshots;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
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

    UserVerifier(String planVersion, LedgerReader ledger, Function<String, Future<DryRun>> dryRun,
                 ModernComparison comparison, SnapshotDrift drift) {
        this.drift = drift;
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
                JsonObject snapshot = record.get().entry().targetSnapshot();
                if (snapshot != null && drift.drifted(snapshot, Snapshots.of(dryRun.target()))) {
                    notes.add("legacy's data, transformed now, differs from the ledger's target snapshot:"
                            + " legacy changed after the migration, or the plan did");
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

    private static String abbreviated(String version) {
        return version == null ? "(none)" : version.substring(0, Math.min(12, version.length()));
    }
}
