package dev.strangler.migrator.engine;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.MigrationPlan;
import dev.strangler.migrator.AdminTokenStore;
import dev.strangler.migrator.Backfills;
import dev.strangler.migrator.ChangeAudit;
import dev.strangler.migrator.Coexistence;
import dev.strangler.migrator.Fleet;
import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Trigger;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.RampStore;
import dev.strangler.migrator.Reports;
import dev.strangler.migrator.Reports.LedgerHistory;
import dev.strangler.migrator.Rollbacks;
import dev.strangler.migrator.RolloutStore;
import dev.strangler.migrator.ShadowStore;
import dev.strangler.migrator.UserStateStore;
import dev.strangler.migrator.UserStateStore.UserFacts;
import dev.strangler.migrator.Verification;
import dev.strangler.migrator.backfill.ClaimedMigrations;
import dev.strangler.migrator.backfill.Workers;
import dev.strangler.migrator.batch.BatchReports;
import dev.strangler.migrator.bulk.BatchFence;
import dev.strangler.migrator.bulk.BatchLoad;
import dev.strangler.migrator.legacy.LegacyDialect;
import dev.strangler.migrator.state.Claim;
import dev.strangler.migrator.state.LedgerReader;
import dev.strangler.migrator.state.LedgerSnapshotPolicy;
import dev.strangler.migrator.state.OperationalQueries;
import dev.strangler.migrator.state.PgLedger;
import dev.strangler.migrator.state.StateSchema;
import dev.strangler.migrator.state.UserStates;
import dev.strangler.migrator.verify.Verify;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The migrator of one plan, wired: the legacy and modern pools, the state schema, the single-flight engine, the
 * dry run, the periodic repair of owed cleaned marks, and each capability of {@link dev.strangler.migrator.Migrator}
 * built once on them. {@link Wiring} creates it; the engine's tests use it directly.
 */
final class Migrator implements dev.strangler.migrator.Migrator, MigrationEngine, Rollbacks, ClaimedMigrations {

    private final MigrationPlan plan;
    private final Pool legacy;
    private final Pool modern;
    private final UserStates states;
    private final StateLookups stateLookups;
    private final UserPreparation preparation;
    private final SingleFlightEngine engine;
    private final MarkWriters marking;
    private final ExclusiveRollbacks rollbacks;
    private final PlanChecker checker;
    private final Verification verification;
    private final BatchLoad.Parts batchParts;
    private final Backfills backfills;
    private final BatchReports reports;
    private final SharedStores shared;
    private final SyncParts coexistence;

    private Migrator(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        this.plan = plan;
        this.legacy = DatabasePools.create(vertx, plan.legacy(), settings, plan.timeout(), "legacy");
        this.modern = DatabasePools.create(vertx, plan.modern(), settings, plan.timeout(), "modern");
        this.states = new UserStates(modern);
        this.stateLookups = new StateLookups(vertx, plan, settings);
        StatementTypes legacyTypes = new StatementTypes(legacy, LegacyDialect.of(plan.legacy()), plan.users());
        StatementTypes modernTypes = new StatementTypes(modern);
        List<EntityPipeline> entities = new ArrayList<>();
        for (EntityPlan entity : plan.entities()) {
            entities.add(EntityPipeline.of(entity, legacyTypes, modernTypes, settings.extensions()));
        }
        this.preparation = new UserPreparation(legacy, entities, settings.clock(), settings.steps());
        SnapshotDrift drift = SnapshotDrift.ignoringCleanedMark(plan.cleaned());
        GoneRows gone = new GoneRows(modernTypes, drift);
        PipelineSteps planSteps = new PipelineSteps(entities, preparation, legacyTypes, modernTypes, settings);
        this.marking = new MarkWriters(vertx, plan, legacy, modern, legacyTypes, states, preparation, entities, drift,
                gone, settings, stateLookups.pool(), planSteps);
        Supplier<Future<Boolean>> barrier = marking.barrier();
        CleanedMarker cleaned = marking.marker();
        MigrationAttempt attempt = new MigrationAttempt(vertx,
                new MigrationAttempt.AttemptSettings(settings.clock(), plan.timeout(), plan.version(),
                        settings.instanceId(), settings.requests(), new LedgerSnapshotPolicy(plan.snapshots())),
                modern, states, new PgLedger(), preparation, entities, cleaned, marking.deferred(), settings.steps(),
                barrier);
        this.engine = new SingleFlightEngine(attempt, states, settings.clock(), plan.retryAfter(),
                plan.timeout());
        RollbackAttempt rollback = new RollbackAttempt(plan, legacy, modern, legacyTypes, modernTypes, states,
                new PgLedger(), settings.clock(), settings.instanceId(), settings.requests(), barrier);
        this.checker = new PlanChecker(plan, legacy, modern, legacyTypes, modernTypes, planSteps);
        UserVerifier verifier = new UserVerifier(plan.version(), ledger(), this::dryRun,
                new ModernComparison(modern, plan.entities(), modernTypes), drift, gone, plan.entities());
        this.verification = new Verify(states, verifier::verify);
        this.batchParts = new BatchLoad.Parts(this, legacy, modern, plan, planSteps,
                new BatchFence(this::migrateClaimed, BatchFence::heldClaims, settings.requests(),
                        plan.timeout().dividedBy(2), marking.deferred()),
                settings.poolSize());
        this.backfills = new Workers(vertx, this, legacy, modern, plan.users(), batchParts);
        this.reports = new BatchReports(this, states, ledger(),
                new OperationalQueries(legacy, OperationalQueries.DEFAULT_TIMEOUT), plan.users(), plan.version(),
                checker::check, count -> new SampleRun(() -> reports().legacyUsers(), this::dryRun, entities, modern)
                        .run(count));
        this.shared = SharedStores.on(modern, settings.clock());
        this.coexistence = new SyncParts(vertx, plan, legacy, modern, new UserSync(legacy, modern, preparation,
                entities, modernTypes, rollback, states, gone, settings.clock(), plan.version(),
                settings.instanceId()),
                settings.clock());
        this.rollbacks = new ExclusiveRollbacks(vertx, engine, cleaned, rollback);
    }

    /** Creates the pools, brings the state schema up to date, and starts the cleaned-mark repair. */
    static Future<Migrator> start(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        Migrator migrator = create(vertx, plan, settings);
        return migrator.upgradeSchema()
                .map(version -> migrator)
                .onFailure(error -> migrator.close());
    }

    /**
     * Creates the migrator without touching either database (pools connect on first use); the periodic repair
     * starts with {@link #upgradeSchema()}, so a read-only command writes nothing.
     */
    static Migrator create(Vertx vertx, MigrationPlan plan, MigratorSettings settings) {
        return new Migrator(vertx, plan, settings);
    }

    @Override
    public Future<Integer> upgradeSchema() {
        return StateSchema.upgrade(modern).onSuccess(version -> marking.startRepair());
    }

    @Override
    public Fleet fleet() {
        return marking.fleet();
    }

    @Override
    public Future<MigrationEngine.Outcome> ensureMigrated(String userKey, Trigger trigger) {
        return engine.ensureMigrated(userKey, trigger);
    }

    @Override
    public Future<MigrationEngine.Outcome> migrate(String userKey, Trigger trigger, boolean force) {
        return engine.migrate(userKey, trigger, force);
    }

    /**
     * Migrates the user for a backfill worker's claim (trigger {@code BACKFILL}): the outcome is written only while
     * the worker still holds the claim, else nothing is written and the outcome is {@code ClaimLost}.
     */
    @Override
    public Future<MigrationEngine.Outcome> migrateClaimed(Claim claim) {
        return engine.migrate(claim.userKey(), Trigger.BACKFILL, false, claim);
    }

    @Override
    public Future<Rollbacks.Outcome> rollback(String userKey, Trigger trigger) {
        return rollbacks.rollback(userKey, trigger);
    }

    @Override
    public Future<List<Rollbacks.Outcome>> rollback(List<String> userKeys, Trigger trigger, int concurrency) {
        return rollbacks.rollback(userKeys, trigger, concurrency);
    }

    @Override
    public Optional<Future<MigrationEngine.Outcome>> inFlight(String userKey) {
        return engine.inFlight(userKey);
    }

    @Override
    public Future<DryRun> dryRun(String userKey) {
        return preparation.prepare(userKey, null)
                .compose(prepared -> modern.withConnection(connection -> preparation.fit(connection, prepared)));
    }

    @Override
    public boolean retryDue(UserFacts facts) {
        return engine.retryDue(facts);
    }

    /** The mark writers (the marker, the deferred marks, the repair), for the engine's tests. */
    MarkWriters marks() {
        return marking;
    }

    /** What the backfill's set-based load path runs on, for the engine's tests. */
    BatchLoad.Parts batchParts() {
        return batchParts;
    }

    /** Prepares every statement of the plan against the databases that answer, writing nothing. */
    Future<Reports.PlanCheck> check() {
        return checker.check();
    }

    @Override
    public UserStates states() {
        return states;
    }

    @Override
    public UserStateStore stateLookups() {
        return stateLookups.states();
    }

    /** The ledger's entries as records, for the engine's tests and verification. */
    LedgerReader ledger() {
        return new LedgerReader(modern);
    }

    @Override
    public LedgerHistory history() {
        return new LedgerHistoryJson(ledger());
    }

    @Override
    public MigrationPlan plan() {
        return plan;
    }

    @Override
    public MigrationEngine engine() {
        return this;
    }

    @Override
    public Rollbacks rollbacks() {
        return this;
    }

    @Override
    public Verification verification() {
        return verification;
    }

    @Override
    public Backfills backfills() {
        return backfills;
    }

    @Override
    public Reports reports() {
        return reports;
    }

    @Override
    public RolloutStore rollout() {
        return shared.rollout();
    }

    @Override
    public RampStore ramps() {
        return shared.ramps();
    }

    @Override
    public AdminTokenStore tokens() {
        return shared.tokens();
    }

    @Override
    public ShadowStore shadow() {
        return shared.shadow();
    }

    @Override
    public ChangeAudit audit() {
        return shared.audit();
    }

    @Override
    public Coexistence coexistence() {
        return coexistence;
    }

    /**
     * Writes the cleaned marks this process deferred (off the event loop, at most the mark delay plus
     * {@code migration.timeout} and a margin: {@link DeferredMarks#settleBeforeExit}), then stops the repair and
     * closes the pools.
     */
    @Override
    public void close() {
        marking.close(plan.timeout().plusSeconds(5));
        legacy.close();
        modern.close();
        stateLookups.close();
    }
}
