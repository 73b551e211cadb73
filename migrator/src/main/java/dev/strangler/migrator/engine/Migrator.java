package dev.strangler.migrator.engine;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.NamedStatement;
import dev.strangler.migrator.DryRun;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationOutcome;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.RollbackOutcome;
import dev.strangler.migrator.Trigger;
import dev.strangler.migrator.UserFacts;
import dev.strangler.migrator.state.LedgerReader;
import dev.strangler.migrator.state.LedgerRecord;
import dev.strangler.migrator.state.Snapshots;
import dev.strangler.migrator.verify.UserVerification;
import io.vertx.core.json.JsonObject;
import dev.strangler.migrator.state.PgLedger;
import dev.strangler.migrator.state.StateSchema;
import dev.strangler.migrator.state.UserStates;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The migrator of one plan, wired: the legacy and modern pools, the state schema, the single-flight engine, the
 * dry run, and the periodic repair of owed cleaned marks. The proxy, the admin API and the command line start one
 * with {@link #start} and close it when done.
 */
public final class Migrator implements MigrationEngine, AutoCloseable {

    private final Vertx vertx;
    private final MigrationPlan plan;
    private final Pool legacy;
    private final Pool modern;
    private final UserStates states;
    private final UserPreparation preparation;
    private final SingleFlightEngine engine;
    private final CleanedMarker cleaned;
    private final StatementTypes legacyTypes;
    private final StatementTypes modernTypes;
    private final RollbackAttempt rollback;
    private final ModernComparison comparison;
    private final long repairTimer;

    private Migrator(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        this.vertx = vertx;
        this.plan = plan;
        this.legacy = DatabasePools.create(vertx, plan.legacy(), settings, plan.timeout(), "legacy");
        this.modern = DatabasePools.create(vertx, plan.modern(), settings, plan.timeout(), "modern");
        this.states = new UserStates(modern);
        this.legacyTypes = new StatementTypes(legacy);
        this.modernTypes = new StatementTypes(modern);
        List<EntityPipeline> entities = new ArrayList<>();
        for (EntityPlan entity : plan.entities()) {
            entities.add(EntityPipeline.of(entity, legacyTypes, modernTypes, settings.extensions()));
        }
        this.preparation = new UserPreparation(legacy, entities, settings.clock(), settings.steps());
        this.cleaned = new CleanedMarker(legacy, plan.cleaned(), legacyTypes, states, settings.clock());
        MigrationAttempt attempt = new MigrationAttempt(vertx,
                new MigrationAttempt.AttemptSettings(settings.clock(), plan.timeout(), plan.version(),
                        settings.instanceId()),
                modern, states, new PgLedger(), preparation, entities, cleaned, settings.steps());
        this.engine = new SingleFlightEngine(attempt, states, settings.clock(), plan.retryAfter());
        this.comparison = new ModernComparison(modern, plan.entities(), modernTypes);
        this.rollback = new RollbackAttempt(plan, legacy, modern, legacyTypes, states, new PgLedger(),
                settings.clock(), settings.instanceId());
        this.repairTimer = vertx.setPeriodic(settings.cleanedRepairEvery().toMillis(), id -> cleaned.repair());
    }

    /** Creates the pools, brings the state schema up to date, and starts the cleaned-mark repair. */
    public static Future<Migrator> start(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        Migrator migrator = create(vertx, plan, settings);
        return migrator.upgradeSchema()
                .map(version -> migrator)
                .onFailure(error -> migrator.close());
    }

    /**
     * Creates the migrator without touching either database (pools connect on first use), for a process that must
     * start while a database is down; call {@link #upgradeSchema()} once the modern database answers.
     */
    public static Migrator create(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        return new Migrator(vertx, plan, settings);
    }

    /** Brings the state schema on modern up to date; completes with the version found before. */
    public Future<Integer> upgradeSchema() {
        return StateSchema.upgrade(modern);
    }

    @Override
    public Future<MigrationOutcome> ensureMigrated(String userKey, Trigger trigger) {
        return engine.ensureMigrated(userKey, trigger);
    }

    /** Migrates the user now; with {@code force}, also a user already migrated or rolled back (upserts again). */
    public Future<MigrationOutcome> migrate(String userKey, Trigger trigger, boolean force) {
        return engine.migrate(userKey, trigger, force);
    }

    /**
     * Rolls the user back to legacy (SPEC §5 {@code rollback}): the plan's rollback steps and {@code uncleaned} in
     * one legacy transaction, then state {@code ROLLED_BACK} and a ledger entry with both snapshots. It runs under
     * the same single flight and per-user lock as a migration, so {@link #inFlight} holds the user's requests
     * meanwhile. The user is not migrated again until {@code migrate(key, trigger, true)} (the operator's
     * {@code --force}).
     */
    public Future<RollbackOutcome> rollback(String userKey, Trigger trigger) {
        return engine.exclusive(userKey, () -> rollback.run(userKey, trigger), outcome ->
                outcome instanceof RollbackOutcome.RolledBack
                        ? new MigrationOutcome.NotAttempted(userKey, UserState.ROLLED_BACK, outcome.detail())
                        : outcome instanceof RollbackOutcome.NotRolledBack not
                        ? new MigrationOutcome.NotAttempted(userKey, not.state(), not.reason())
                        : new MigrationOutcome.AlreadyMigrated(userKey));
    }

    @Override
    public Optional<Future<MigrationOutcome>> inFlight(String userKey) {
        return engine.inFlight(userKey);
    }

    /** Reads, validates and transforms the user's data; writes nothing anywhere. */
    public Future<DryRun> dryRun(String userKey) {
        return preparation.prepare(userKey, null);
    }

    /**
     * Verifies one user (SPEC §5 {@code verify}): re-reads and re-transforms the legacy data with the current plan
     * and compares it, entity by entity and field by field, with the modern rows of the same keys (see
     * {@link ModernComparison}). Notes when the plan changed since the user's migration, and when the
     * re-transformed rows no longer match the ledger's target snapshot (legacy changed after it was cleaned).
     * Writes nothing.
     */
    public Future<UserVerification> verify(String userKey) {
        Future<Optional<LedgerRecord>> migration = ledger().ofUser(userKey, 50).map(records -> records.stream()
                .filter(r -> "MIGRATED".equals(r.entry().outcome())).findFirst());
        Future<DryRun> legacyNow = dryRun(userKey);
        return Future.all(migration, legacyNow).compose(both -> {
            List<String> notes = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            Optional<LedgerRecord> record = migration.result();
            DryRun dryRun = legacyNow.result();
            if (record.isEmpty()) {
                problems.add("no MIGRATED ledger entry for this user");
            } else {
                String version = record.get().entry().planVersion();
                if (!plan.version().equals(version)) {
                    notes.add("migrated with plan " + abbreviated(version) + ", verified with the current plan "
                            + abbreviated(plan.version()));
                }
                JsonObject snapshot = record.get().entry().targetSnapshot();
                if (snapshot != null && !snapshot.equals(Snapshots.of(dryRun.target()))) {
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

    /** Users' states, pins and the per-request lookup. */
    public UserStates states() {
        return states;
    }

    /** The ledger, read back for the admin API and reports. */
    public LedgerReader ledger() {
        return new LedgerReader(modern);
    }

    /** Whether a user with these facts may be attempted now, given {@code migration.retryAfter} and the clock. */
    public boolean retryDue(UserFacts facts) {
        return engine.retryDue(facts);
    }

    /** Writes the legacy cleaned marks still owed now, instead of waiting for the periodic run. */
    public Future<Integer> repairCleanedMarks() {
        return cleaned.repair();
    }

    /** Every legacy user key, as the plan's {@code users} query lists them. */
    public Future<List<String>> legacyUsers() {
        return legacy.query(plan.users()).execute()
                .map(rows -> rows.stream().map((Row row) -> String.valueOf(row.getValue(0))).toList());
    }

    /** How many users the plan's {@code users} query lists. */
    public Future<Long> legacyUserCount() {
        return legacy.query("SELECT count(*) AS users FROM (" + plan.users() + ") AS listed").execute()
                .map(rows -> rows.iterator().next().getLong("users"));
    }

    /**
     * Prepares every statement of the plan against the databases that answer (fetches, {@code users} and
     * {@code cleaned} on legacy, upserts on modern), writing nothing.
     */
    public Future<PlanCheck> check() {
        Future<Boolean> legacyUp = reachable(legacy);
        Future<Boolean> modernUp = reachable(modern);
        return Future.join(legacyUp, modernUp).transform(pinged -> {
            List<Future<String>> checks = new ArrayList<>();
            List<String> unreachable = new ArrayList<>();
            if (legacyUp.result()) {
                for (EntityPlan entity : plan.entities()) {
                    checks.add(problem("migration.entities." + entity.name() + ".fetch",
                            legacyTypes.of(entity.fetch())));
                }
                checks.add(problem("migration.users", legacyTypes.of(plan.users())));
                if (plan.cleaned() != null) {
                    checks.add(problem("migration.cleaned", legacyTypes.of(plan.cleaned())));
                }
            } else {
                unreachable.add("migration.legacy: " + plan.legacy() + " did not answer; statements not prepared");
            }
            if (modernUp.result()) {
                for (EntityPlan entity : plan.entities()) {
                    checks.add(problem("migration.entities." + entity.name() + ".upsert",
                            modernTypes.of(NamedStatement.parse(entity.upsert()).sql())));
                }
            } else {
                unreachable.add("migration.modern: " + plan.modern() + " did not answer; statements not prepared");
            }
            return Future.join(checks).transform(done -> Future.succeededFuture(new PlanCheck(
                    checks.stream().map(Future::result).filter(p -> p != null).toList(), unreachable)));
        });
    }

    private static Future<Boolean> reachable(Pool database) {
        return database.query("SELECT 1").execute().map(true).otherwise(false);
    }

    private static Future<String> problem(String where, Future<List<String>> probe) {
        return probe.transform(done -> Future.succeededFuture(done.succeeded() ? null
                : where + ": " + done.cause().getMessage()));
    }

    /** The Vert.x instance the migrator runs on, for work that runs beside it (a backfill's timers). */
    public Vertx vertx() {
        return vertx;
    }

    /** The legacy pool, for the backfill's seeding from the plan's {@code users} query. */
    public Pool legacyPool() {
        return legacy;
    }

    /** The modern pool, for reports over the state schema. */
    public Pool modernPool() {
        return modern;
    }

    /** The plan this migrator runs. */
    public MigrationPlan plan() {
        return plan;
    }

    @Override
    public void close() {
        vertx.cancelTimer(repairTimer);
        legacy.close();
        modern.close();
    }
}
