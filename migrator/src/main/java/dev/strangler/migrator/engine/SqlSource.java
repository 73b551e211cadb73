package dev.strangler.migrator.engine;

import dev.strangler.config.EntityPlan;
import dev.strangler.migrator.spi.EntitySource;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;

/** The plan's source: the entity's {@code fetch} query, a prepared statement with the user key as {@code $1}. */
final class SqlSource implements EntitySource {

    private final EntityPlan entity;
    private final StatementTypes legacyTypes;

    SqlSource(EntityPlan entity, StatementTypes legacyTypes) {
        this.entity = entity;
        this.legacyTypes = legacyTypes;
    }

    @Override
    public Future<List<Map<String, Object>>> fetch(SqlConnection legacy, String userKey) {
        return legacyTypes.key(entity.fetch(), legacy, userKey)
                .compose(key -> legacy.preparedQuery(entity.fetch()).execute(key))
                .map(rows -> rows.stream().map(RowValues::of).toList());
    }

    @Override
    public String toString() {
        return entity.name() + ".fetch: " + entity.fetch();
    }
}
