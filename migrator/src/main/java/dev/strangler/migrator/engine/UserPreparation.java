package dev.strangler.migrator.engine;

import dev.strangler.config.Cardinality;
import dev.strangler.config.ExpressionException;
import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.MigratorSettings.StepListener;
import dev.strangler.migrator.MigratorSettings.StepListener.Step;
import dev.strangler.migrator.legacy.LegacyDialect;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steps 2 and 3 of SPEC §4.2 and the transformation, with no writes: reads every entity of a user from legacy on one
 * connection in one repeatable-read, read-only transaction (so the entities agree with each other), checks
 * cardinalities and every rule on every row, and, when all pass, transforms every row.
 */
final class UserPreparation {

    private final Pool legacy;
    private final List<EntityPipeline> entities;
    private final Clock clock;
    private final StepListener steps;

    UserPreparation(Pool legacy, List<EntityPipeline> entities, Clock clock, StepListener steps) {
        this.legacy = legacy;
        this.entities = List.copyOf(entities);
        this.clock = clock;
        this.steps = steps;
    }

    /** Where the steps of the attempts this prepares are reported, and the catch-ups of their marks. */
    StepListener steps() {
        return steps;
    }

    /** What migrating the user would write, and every violation; {@code deadline} may be null (no limit). */
    Future<DryRun> prepare(String userKey, AttemptDeadline deadline) {
        Instant started = clock.instant();
        return read(userKey, deadline)
                .andThen(done -> steps.stepped(userKey, Step.READ, started, clock.instant(), done.succeeded()))
                .map(source -> check(userKey, source, steps));
    }

    /**
     * Like {@link #prepare} on the caller's legacy connection, in the caller's transaction: the catch-up before the
     * cleaned mark reads under the row lock the mark took. Its reading, validating and transforming are part of
     * the {@code mark_cleaned} step, so they report no steps of their own.
     */
    Future<DryRun> prepareOn(SqlConnection legacy, String userKey) {
        return readAll(legacy, userKey, null).map(source -> check(userKey, source, StepListener.NONE));
    }

    /**
     * The dry run, with a violation for every transformed value its entity's target could not write as it is (asked
     * on the given modern connection, writing nothing); unchanged when it already has violations.
     */
    Future<DryRun> fit(SqlConnection modern, DryRun dryRun) {
        if (!dryRun.wouldMigrate()) {
            return Future.succeededFuture(dryRun);
        }
        List<Future<List<Violation>>> checks = new ArrayList<>(entities.size());
        for (EntityPipeline entity : entities) {
            checks.add(entity.target().unfit(modern, dryRun.target().getOrDefault(entity.name(), List.of())));
        }
        return Future.all(checks).map(all -> {
            List<Violation> unfit = new ArrayList<>();
            checks.forEach(check -> unfit.addAll(check.result()));
            return unfit.isEmpty() ? dryRun : new DryRun(dryRun.userKey(), dryRun.source(), Map.of(), unfit);
        });
    }

    private Future<Map<String, List<Map<String, Object>>>> read(String userKey, AttemptDeadline deadline) {
        return legacy.getConnection().compose(connection -> {
            if (deadline != null) {
                deadline.watch(connection);
            }
            return LegacyDialect.of(connection).beginSnapshot(connection).compose(tx ->
                    readAll(connection, userKey, deadline)
                    .compose(rows -> tx.commit().map(rows))
                    .onFailure(error -> tx.rollback()))
                    .eventually(connection::close);
        });
    }

    /** Sends every entity's fetch at once on the connection (pipelined, in one snapshot), and waits for all. */
    private Future<Map<String, List<Map<String, Object>>>> readAll(SqlConnection connection, String userKey,
                                                                  AttemptDeadline deadline) {
        Future<Void> go = deadline == null ? Future.succeededFuture() : deadline.proceed(null);
        return go.compose(ok -> {
            List<Future<List<Map<String, Object>>>> fetches = new ArrayList<>();
            for (EntityPipeline entity : entities) {
                fetches.add(Future.succeededFuture(entity).compose(e -> e.source().fetch(connection, userKey)));
            }
            return Future.all(fetches).map(all -> {
                Map<String, List<Map<String, Object>>> read = new LinkedHashMap<>();
                for (int i = 0; i < entities.size(); i++) {
                    read.put(entities.get(i).name(), List.copyOf(fetches.get(i).result()));
                }
                return read;
            });
        });
    }

    /**
     * Validates and transforms rows read under a cleaned mark's lock (a batch of marks' catch-up): part of the
     * {@code mark_cleaned} step, so it reports no steps of its own, as {@link #prepareOn}.
     */
    DryRun checkForCatchUp(String userKey, Map<String, List<Map<String, Object>>> source) {
        return check(userKey, source, StepListener.NONE);
    }

    /** Validates and transforms rows already read (by this class or by a set-based read of many users). */
    DryRun check(String userKey, Map<String, List<Map<String, Object>>> source) {
        return check(userKey, source, steps);
    }

    private DryRun check(String userKey, Map<String, List<Map<String, Object>>> source, StepListener steps) {
        Instant validating = clock.instant();
        List<Violation> violations = new ArrayList<>();
        for (EntityPipeline entity : entities) {
            List<Map<String, Object>> rows = source.get(entity.name());
            if (entity.plan().cardinality() == Cardinality.ONE && rows.size() != 1) {
                violations.add(new Violation(entity.name(), userKey, null, "cardinality: one",
                        "expected exactly one row, found " + rows.size()));
            }
            for (Map<String, Object> row : rows) {
                violations.addAll(entity.validator().validate(row));
            }
        }
        Instant transforming = clock.instant();
        steps.stepped(userKey, Step.VALIDATE, validating, transforming, violations.isEmpty());
        if (!violations.isEmpty()) {
            return new DryRun(userKey, source, Map.of(), violations);
        }
        Map<String, List<Map<String, Object>>> target = new LinkedHashMap<>();
        for (EntityPipeline entity : entities) {
            List<Map<String, Object>> mapped = new ArrayList<>();
            for (Map<String, Object> row : source.get(entity.name())) {
                try {
                    mapped.add(entity.transformer().transform(row));
                } catch (ExpressionException e) {
                    violations.add(new Violation(entity.name(), RowValues.key(row, entity.plan().key()), null,
                            e.expression(), "cannot be transformed: " + e.getMessage()));
                }
            }
            target.put(entity.name(), List.copyOf(mapped));
        }
        steps.stepped(userKey, Step.TRANSFORM, transforming, clock.instant(), violations.isEmpty());
        return new DryRun(userKey, source, violations.isEmpty() ? target : Map.of(), violations);
    }
}
