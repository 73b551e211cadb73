package dev.strangler.migrator.engine;

import dev.strangler.config.EntityPlan;
import dev.strangler.config.NamedStatement;
import dev.strangler.migrator.MigrationEngine.Violation;
import dev.strangler.migrator.spi.EntityTarget;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plan's target: the entity's {@code upsert}, its {@code :name} parameters bound from the transformed row and
 * coerced to the types the modern schema declares, all rows of the entity sent as one batch.
 */
final class UpsertTarget implements EntityTarget {

    private final EntityPlan entity;
    private final NamedStatement upsert;
    private final StatementTypes modernTypes;

    UpsertTarget(EntityPlan entity, StatementTypes modernTypes) {
        this.entity = entity;
        this.upsert = NamedStatement.parse(entity.upsert());
        this.modernTypes = modernTypes;
    }

    @Override
    public Future<Void> load(SqlConnection modern, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture();
        }
        return modernTypes.of(upsert.sql(), modern)
                .compose(types -> {
                    List<Tuple> batch = new ArrayList<>(rows.size());
                    for (Map<String, Object> row : rows) {
                        batch.add(bind(row, types));
                    }
                    return modern.preparedQuery(upsert.sql()).executeBatch(batch);
                })
                .mapEmpty();
    }

    @Override
    public Future<List<Violation>> unfit(SqlConnection modern, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return modernTypes.of(upsert.sql(), modern).map(types -> {
            List<Violation> unfit = new ArrayList<>();
            List<String> names = upsert.parameters();
            for (Map<String, Object> row : rows) {
                for (int i = 0; i < names.size() && i < types.size(); i++) {
                    Object value = row.get(names.get(i));
                    try {
                        ParameterCoercion.coerce(types.get(i), value);
                    } catch (IllegalArgumentException e) {
                        Object key = row.containsKey(entity.key()) ? row.get(entity.key())
                                : row.values().iterator().next();
                        unfit.add(new Violation(entity.name(), String.valueOf(key), names.get(i),
                                "upsert :" + names.get(i), names.get(i) + " = " + plain(value) + " does not fit "
                                + types.get(i) + ": " + e.getMessage()));
                    }
                }
            }
            return unfit;
        });
    }

    private static String plain(Object value) {
        return value instanceof java.math.BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
    }

    /** The row's values in the upsert's parameter order, coerced to the declared types. */
    Tuple bind(Map<String, Object> row, List<String> types) {
        Tuple tuple = Tuple.tuple();
        List<String> names = upsert.parameters();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!row.containsKey(name)) {
                throw new IllegalStateException(entity.name() + ".upsert: parameter :" + name
                        + " is not a mapped field (mapped: " + row.keySet() + ")");
            }
            tuple.addValue(ParameterCoercion.coerce(i < types.size() ? types.get(i) : null, row.get(name)));
        }
        return tuple;
    }

    @Override
    public String toString() {
        return entity.name() + ".upsert: " + entity.upsert();
    }
}
