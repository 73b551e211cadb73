package dev.strangler.migrator.engine;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.NamedStatement;
import dev.strangler.config.RollbackStep;
import dev.strangler.config.UserKey;
import dev.strangler.migrator.bulk.DerivedStatementCheck;
import dev.strangler.migrator.bulk.PlanSteps;
import dev.strangler.migrator.PlanChecks.PlanCheck;
import dev.strangler.migrator.check.TypedPlanCheck;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code strangler check}: prepares every statement of the plan against the databases that answer (fetches,
 * {@code users}, {@code cleaned}, {@code uncleaned}, the rollback's applies and the entities' {@code userKey:} on
 * legacy, upserts and the rollback's
 * fetches on modern), and, when both answer, the batch reads and multi-row upserts the backfill derives from them
 * ({@link DerivedStatementCheck#check}), writing nothing; then the plan's expressions and upsert parameters against
 * the column types the databases report ({@link TypedPlanCheck}). Every problem names file, line and column.
 */
final class PlanChecker {

    private final MigrationPlan plan;
    private final Pool legacy;
    private final Pool modern;
    private final StatementTypes legacyTypes;
    private final StatementTypes modernTypes;
    private final PlanSteps steps;

    PlanChecker(MigrationPlan plan, Pool legacy, Pool modern, StatementTypes legacyTypes,
                StatementTypes modernTypes, PlanSteps steps) {
        this.plan = plan;
        this.legacy = legacy;
        this.modern = modern;
        this.legacyTypes = legacyTypes;
        this.modernTypes = modernTypes;
        this.steps = steps;
    }

    Future<PlanCheck> check() {
        Future<Boolean> legacyUp = reachable(legacy);
        Future<Boolean> modernUp = reachable(modern);
        return Future.join(legacyUp, modernUp).transform(pinged -> {
            List<Future<String>> checks = new ArrayList<>();
            List<String> unreachable = new ArrayList<>();
            if (legacyUp.result()) {
                for (int i = 0; i < plan.entities().size(); i++) {
                    checks.add(problem("migration.entities[" + i + "].fetch",
                            legacyTypes.of(plan.entities().get(i).fetch())));
                }
                checks.add(problem("migration.users", legacyTypes.of(plan.users())));
                userKeys(checks);
                if (plan.cleaned() != null) {
                    checks.add(problem("migration.cleaned", legacyTypes.of(plan.cleaned())));
                }
                if (plan.uncleaned() != null) {
                    checks.add(problem("migration.uncleaned", legacyTypes.of(plan.uncleaned())));
                }
                for (int i = 0; i < plan.rollback().size(); i++) {
                    checks.add(problem("migration.rollback[" + i + "].apply",
                            legacyTypes.of(NamedStatement.parse(plan.rollback().get(i).apply()).sql())));
                }
            } else {
                unreachable.add("migration.legacy: " + plan.legacy() + " did not answer; statements not prepared");
            }
            if (modernUp.result()) {
                for (int i = 0; i < plan.entities().size(); i++) {
                    checks.add(problem("migration.entities[" + i + "].upsert",
                            modernTypes.of(NamedStatement.parse(plan.entities().get(i).upsert()).sql())));
                }
                for (int i = 0; i < plan.rollback().size(); i++) {
                    checks.add(problem("migration.rollback[" + i + "].fetch",
                            modernTypes.of(plan.rollback().get(i).fetch())));
                }
                modernUserKeys(checks);
            } else {
                unreachable.add("migration.modern: " + plan.modern() + " did not answer; statements not prepared");
            }
            Future<List<String>> batch = unreachable.isEmpty() ? DerivedStatementCheck.check(plan, steps)
                    : Future.succeededFuture(List.of());
            Future<TypedPlanCheck.Result> typed = new TypedPlanCheck(plan, legacyUp.result() ? legacy : null,
                    modernUp.result() ? modernTypes::of : null).run();
            return Future.join(Future.join(checks), batch, typed).transform(done -> {
                List<String> problems = new ArrayList<>(checks.stream().map(Future::result).filter(p -> p != null)
                        .toList());
                problems.addAll(batch.result());
                problems.addAll(typed.result().problems());
                unreachable.addAll(typed.result().notChecked());
                return Future.succeededFuture(new PlanCheck(problems, unreachable));
            });
        });
    }

    /**
     * Each entity's {@code userKey:} on legacy: a column must be one of its table, a query must prepare, and its
     * {@code :name} parameters must be columns of the table whose changed rows bind them.
     */
    private void userKeys(List<Future<String>> checks) {
        for (int i = 0; i < plan.entities().size(); i++) {
            EntityPlan entity = plan.entities().get(i);
            declared(entity.userKeys(), entity.fetch(), "migration.entities[" + i + "].", legacyTypes, checks);
        }
    }

    /** Each rollback step's {@code userKey:}, the same way on modern, whose rows it maps. */
    private void modernUserKeys(List<Future<String>> checks) {
        for (int i = 0; i < plan.rollback().size(); i++) {
            RollbackStep step = plan.rollback().get(i);
            declared(step.userKeys(), step.fetch(), "migration.rollback[" + i + "].", modernTypes, checks);
        }
    }

    private void declared(List<UserKey> keys, String fetch, String path, StatementTypes types,
                          List<Future<String>> checks) {
        for (UserKey key : keys) {
            String where = path + key.path();
            Optional<String> table = key.qualifiedTable(fetch);
            if (table.isEmpty()) {
                checks.add(Future.succeededFuture(plan.positions().at(where,
                        "the fetch names no table for this column (expected: FROM table)").toString()));
            } else if (key.column() != null) {
                checks.add(problem(where, types.of("SELECT " + key.column() + " FROM " + table.get() + " LIMIT 0")));
            } else {
                NamedStatement query = NamedStatement.parse(key.query());
                checks.add(problem(where, types.of(query.sql())));
                if (!query.parameters().isEmpty()) {
                    checks.add(problem(where, types.of("SELECT " + String.join(", ", query.parameters())
                            + " FROM " + table.get() + " LIMIT 0")));
                }
            }
        }
    }

    private static Future<Boolean> reachable(Pool database) {
        return database.query("SELECT 1").execute().map(true).otherwise(false);
    }

    private Future<String> problem(String where, Future<List<String>> probe) {
        return probe.transform(done -> Future.succeededFuture(done.succeeded() ? null
                : plan.positions().at(where, done.cause().getMessage()).toString()));
    }
}
