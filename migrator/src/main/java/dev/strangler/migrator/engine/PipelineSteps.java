package dev.strangler.migrator.engine;

import dev.strangler.migrator.MigrationEngine.DryRun;
import dev.strangler.migrator.MigratorSettings;
import dev.strangler.migrator.bulk.PlanSteps;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The plan's steps as this engine's per-user path runs them, for the set-based load path ({@link PlanSteps}). */
final class PipelineSteps implements PlanSteps {

    private final List<EntityPipeline> entities;
    private final UserPreparation preparation;
    private final StatementTypes legacyTypes;
    private final StatementTypes modernTypes;
    private final MigratorSettings settings;

    PipelineSteps(List<EntityPipeline> entities, UserPreparation preparation, StatementTypes legacyTypes,
              StatementTypes modernTypes, MigratorSettings settings) {
        this.entities = List.copyOf(entities);
        this.preparation = preparation;
        this.legacyTypes = legacyTypes;
        this.modernTypes = modernTypes;
        this.settings = settings;
    }

    @Override
    public boolean plainStatements() {
        return entities.stream().allMatch(e -> e.source() instanceof SqlSource && e.target() instanceof UpsertTarget);
    }

    @Override
    public DryRun check(String userKey, Map<String, List<Map<String, Object>>> source) {
        return preparation.check(userKey, source);
    }

    @Override
    public Future<List<String>> legacyTypes(String sql, SqlConnection holding) {
        return legacyTypes.of(sql, holding);
    }

    @Override
    public Future<Tuple> legacyKey(String sql, SqlConnection holding, String userKey) {
        return legacyTypes.key(sql, holding, userKey);
    }

    @Override
    public Future<List<String>> modernTypes(String sql, SqlConnection holding) {
        return modernTypes.of(sql, holding);
    }

    @Override
    public Object coerce(String sqlType, Object value) {
        return ParameterCoercion.coerce(sqlType, value);
    }

    @Override
    public Map<String, Object> values(Row row, int from) {
        return RowValues.of(row, from);
    }

    @Override
    public Clock clock() {
        return settings.clock();
    }

    @Override
    public String instanceId() {
        return settings.instanceId();
    }
}
