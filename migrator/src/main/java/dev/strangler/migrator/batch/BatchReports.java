package dev.strangler.migrator.batch;

import dev.strangler.migrator.MigrationEngine;
import dev.strangler.migrator.Reports;
import dev.strangler.migrator.PlanChecks.SampleReport;
import dev.strangler.migrator.UserStateStore;
import dev.strangler.migrator.state.LedgerReader;
import dev.strangler.migrator.state.OperationalQueries;
import dev.strangler.rules.UserState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * {@link Reports} of one plan: legacy users from the plan's {@code users} query, runs through the engine, and the
 * status from the state database.
 */
public final class BatchReports implements Reports {

    private final MigrationEngine engine;
    private final UserStateStore states;
    private final LedgerReader ledger;
    private static final int LIST_CHUNK = 1000;

    private final OperationalQueries legacy;
    private final String usersQuery;
    private final String planVersion;
    private final Supplier<Future<PlanCheck>> check;
    private final IntFunction<Future<SampleReport>> sample;

    public BatchReports(MigrationEngine engine, UserStateStore states, LedgerReader ledger, OperationalQueries legacy,
                        String usersQuery, String planVersion, Supplier<Future<PlanCheck>> check,
                        IntFunction<Future<SampleReport>> sample) {
        this.engine = engine;
        this.states = states;
        this.ledger = ledger;
        this.legacy = legacy;
        this.usersQuery = usersQuery;
        this.planVersion = planVersion;
        this.check = check;
        this.sample = sample;
    }

    @Override
    public Future<StatusReport> status(Clock clock) {
        Future<Map<UserState, Long>> byState = states.countByState();
        Future<Long> recent = ledger.migratedSince(clock.instant().minus(Duration.ofHours(1)));
        Future<List<RuleCount>> rules = ledger.failingRules();
        Future<Long> legacyUsers = legacyUserCount().otherwise(-1L);
        return Future.all(byState, recent, rules, legacyUsers).map(all -> {
            Map<UserState, Long> counts = new EnumMap<>(byState.result());
            long known = counts.values().stream().mapToLong(Long::longValue).sum() - counts.get(UserState.PENDING);
            if (legacyUsers.result() >= 0) {
                counts.put(UserState.PENDING, Math.max(0, legacyUsers.result() - known));
            }
            return new StatusReport(counts, legacyUsers.result(), recent.result(), rules.result());
        });
    }

    @Override
    public Future<AuditReport> audit(int concurrency, Consumer<BatchProgress> progress, Clock clock) {
        return Audit.run(legacyUsers(), engine, planVersion, concurrency, progress, clock);
    }

    @Override
    public Future<PlanCheck> check() {
        return check.get();
    }

    @Override
    public Future<SampleReport> sample(int users) {
        return sample.apply(users);
    }

    @Override
    public Future<RunSummary> migrateAll(RunOptions options) {
        return MigrationRun.all(engine, states, legacyUsers(), options);
    }

    @Override
    public Future<RunSummary> migrateFailed(RunOptions options) {
        return MigrationRun.failed(engine, states, options);
    }

    /**
     * Every legacy user key, read through a cursor, {@value #LIST_CHUNK} at a time, under the operational time
     * limit (a listing of millions of users is not bound by {@code migration.timeout}).
     */
    @Override
    public Future<List<String>> legacyUsers() {
        List<String> keys = new ArrayList<>();
        return legacy.stream(usersQuery, LIST_CHUNK, rows -> {
            rows.forEach((Row row) -> keys.add(String.valueOf(row.getValue(0))));
            return Future.succeededFuture();
        }).map(listed -> keys);
    }

    /** How many users the plan's {@code users} query lists, under the operational time limit. */
    private Future<Long> legacyUserCount() {
        return legacy.query("SELECT count(*) AS users FROM (" + usersQuery + ") AS listed", Tuple.tuple())
                .map(rows -> rows.iterator().next().getLong("users"));
    }
}
