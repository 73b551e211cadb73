package dev.strangler.migrator.engine;

import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.PlanChecks.SampleReport;
import dev.strangler.migrator.check.SampleTally;
import dev.strangler.migrator.check.TargetColumns;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code strangler check --sample N}: N users spread over the legacy key space, one after the other, each read,
 * validated and transformed (the dry run) and, when it passes, written by the entities' own targets into modern
 * inside a transaction that is always rolled back. Each entity is loaded under a savepoint; the first one modern
 * refuses is explained field by field ({@link TargetColumns}) and ends that user's try, since the entities after it
 * would fail only for want of its rows.
 */
final class SampleRun {

    private static final String SAVEPOINT = "strangler_sample";

    private final Supplier<Future<List<String>>> legacyUsers;
    private final Function<String, Future<DryRun>> dryRun;
    private final List<EntityPipeline> entities;
    private final Pool modern;

    SampleRun(Supplier<Future<List<String>>> legacyUsers, Function<String, Future<DryRun>> dryRun,
              List<EntityPipeline> entities, Pool modern) {
        this.legacyUsers = legacyUsers;
        this.dryRun = dryRun;
        this.entities = List.copyOf(entities);
        this.modern = modern;
    }

    Future<SampleReport> run(int count) {
        return legacyUsers.get().compose(keys -> {
            SampleTally tally = new SampleTally();
            Future<Void> chain = Future.succeededFuture();
            for (String key : SampleTally.spread(keys, count)) {
                chain = chain.compose(done -> one(key, tally));
            }
            return chain.map(done -> tally.report(keys.size()));
        });
    }

    private Future<Void> one(String key, SampleTally tally) {
        return dryRun.apply(key).compose(dry -> {
            List<Violation> broken = new ArrayList<>();
            List<Violation> refused = new ArrayList<>();
            for (Violation violation : dry.violations()) {
                (violation.rule().startsWith("upsert :") ? refused : broken).add(violation);
            }
            Future<List<Violation>> tried = dry.wouldMigrate() ? rolledBack(dry)
                    : Future.succeededFuture(List.of());
            return tried.map(modernRefused -> {
                refused.addAll(modernRefused);
                tally.user(key, broken, refused);
                return (Void) null;
            });
        }).recover(error -> {
            tally.failed(key, String.valueOf(error.getMessage()));
            return Future.succeededFuture();
        });
    }

    /** Loads every entity of the dry run into modern and rolls it all back; what modern refused. */
    private Future<List<Violation>> rolledBack(DryRun dry) {
        return modern.withConnection(connection -> connection.begin().compose(transaction ->
                load(connection, dry, 0).eventually(transaction::rollback)));
    }

    private Future<List<Violation>> load(SqlConnection connection, DryRun dry, int index) {
        if (index >= entities.size()) {
            return Future.succeededFuture(List.of());
        }
        EntityPipeline entity = entities.get(index);
        List<Map<String, Object>> rows = dry.target().getOrDefault(entity.name(), List.of());
        if (rows.isEmpty()) {
            return load(connection, dry, index + 1);
        }
        return connection.query("SAVEPOINT " + SAVEPOINT).execute()
                .compose(saved -> entity.target().load(connection, rows))
                .transform(loaded -> loaded.succeeded() ? load(connection, dry, index + 1)
                        : connection.query("ROLLBACK TO SAVEPOINT " + SAVEPOINT).execute()
                                .compose(back -> explain(connection, entity, rows, loaded.cause())));
    }

    private static Future<List<Violation>> explain(SqlConnection connection, EntityPipeline entity,
                                                   List<Map<String, Object>> rows, Throwable refusal) {
        String column = refusal instanceof PgException pg ? pg.getColumn() : null;
        String message = refusal instanceof PgException pg ? pg.getErrorMessage() : String.valueOf(
                refusal.getMessage());
        return TargetColumns.read(connection, entity.plan().upsert()).map(columns -> {
            List<Violation> violations = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                String rowKey = RowValues.key(row, entity.plan().key());
                columns.misfits(row).forEach((field, why) -> violations.add(
                        new Violation(entity.name(), rowKey, field, "modern", why)));
            }
            if (violations.isEmpty()) {
                violations.add(new Violation(entity.name(), null, column, "modern", message));
            }
            return violations;
        }).otherwise(failed -> List.of(new Violation(entity.name(), null, column, "modern", message)));
    }
}
