package dev.strangler.migrator.bulk;

import dev.strangler.config.EntityPlan;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every entity of a batch of users from legacy: one statement per distinct fetch ({@link BatchFetch}), all in
 * one repeatable-read, read-only transaction, so each user's entities agree with each other as in a per-user read.
 * Entities whose fetches are the same statement (the demo plan reads the customer row for three entities) are read
 * once.
 */
final class BatchRead {

    private final Pool legacy;
    private final List<EntityPlan> entities;
    private final PlanSteps steps;

    BatchRead(Pool legacy, List<EntityPlan> entities, PlanSteps steps) {
        this.legacy = legacy;
        this.entities = List.copyOf(entities);
        this.steps = steps;
    }

    /** User key to entity name to rows, for every key (entities in plan order, each present, maybe empty). */
    Future<Map<String, Map<String, List<Map<String, Object>>>>> read(List<String> keys) {
        return legacy.withConnection(connection -> connection.begin().compose(tx -> connection
                .query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                .compose(snapshot -> readAll(connection, keys))
                .compose(rows -> tx.commit().map(rows))
                .onFailure(error -> tx.rollback())));
    }

    private Future<Map<String, Map<String, List<Map<String, Object>>>>> readAll(SqlConnection connection,
                                                                               List<String> keys) {
        Map<String, Future<Map<String, List<Map<String, Object>>>>> byFetch = new LinkedHashMap<>();
        for (EntityPlan entity : entities) {
            byFetch.computeIfAbsent(entity.fetch(), fetch -> fetch(connection, fetch, keys));
        }
        return Future.all(new ArrayList<>(byFetch.values())).map(all -> {
            Map<String, Map<String, List<Map<String, Object>>>> users = new LinkedHashMap<>();
            for (String key : keys) {
                Map<String, List<Map<String, Object>>> user = new LinkedHashMap<>();
                for (EntityPlan entity : entities) {
                    user.put(entity.name(), byFetch.get(entity.fetch()).result().getOrDefault(key, List.of()));
                }
                users.put(key, user);
            }
            return users;
        });
    }

    private Future<Map<String, List<Map<String, Object>>>> fetch(SqlConnection connection, String fetch,
                                                                 List<String> keys) {
        return steps.legacyTypes(fetch, connection)
                .compose(types -> connection.preparedQuery(BatchFetch.derive(fetch, types.isEmpty() ? null
                                : types.get(0)))
                        .execute(Tuple.of(keys.toArray(String[]::new))))
                .map(rows -> {
                    Map<String, List<Map<String, Object>>> byUser = new HashMap<>();
                    for (Row row : rows) {
                        byUser.computeIfAbsent(row.getString(0), key -> new ArrayList<>())
                                .add(steps.values(row, BatchFetch.BOOKKEEPING_COLUMNS));
                    }
                    byUser.replaceAll((key, list) -> List.copyOf(list));
                    return byUser;
                });
    }
}
