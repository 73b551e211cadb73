package dev.strangler.migrator.bulk;

import dev.strangler.config.EntityPlan;
import dev.strangler.migrator.legacy.LegacyDialect;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every entity of a batch of users from legacy: one statement per distinct fetch ({@link BatchFetch}; on a
 * MySQL or MariaDB legacy the fetch run once per key in one batch), all in
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

    /** A reader for {@link #readOn} only: it reads on the caller's connection and has no pool of its own. */
    BatchRead(List<EntityPlan> entities, PlanSteps steps) {
        this(null, entities, steps);
    }

    /** User key to entity name to rows, for every key (entities in plan order, each present, maybe empty). */
    Future<Map<String, Map<String, List<Map<String, Object>>>>> read(List<String> keys) {
        return legacy.withConnection(connection -> LegacyDialect.of(connection).beginSnapshot(connection)
                .compose(tx -> readAll(connection, keys)
                .compose(rows -> tx.commit().map(rows))
                .onFailure(error -> tx.rollback())));
    }

    /** Like {@link #read} on the caller's connection, in the caller's transaction. */
    Future<Map<String, Map<String, List<Map<String, Object>>>>> readOn(SqlConnection connection, List<String> keys) {
        return readAll(connection, keys);
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
        if (LegacyDialect.of(connection) == LegacyDialect.MYSQL) {
            return fetchEach(connection, fetch, keys);
        }
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

    /**
     * MySQL and MariaDB: the fetch itself, run once per key in one batch on the connection. MariaDB has no
     * {@code LATERAL} join and MySQL may ignore a subquery's {@code ORDER BY}, so a derived statement could not
     * promise each user exactly the rows, in the order, that the fetch gives them alone; this does.
     */
    private Future<Map<String, List<Map<String, Object>>>> fetchEach(SqlConnection connection, String fetch,
                                                                     List<String> keys) {
        List<Future<Tuple>> bound = new ArrayList<>(keys.size());
        for (String key : keys) {
            bound.add(steps.legacyKey(fetch, connection, key));
        }
        return Future.all(bound)
                .compose(all -> connection.preparedQuery(fetch).executeBatch(
                        bound.stream().map(Future::result).toList()))
                .map(first -> {
                    Map<String, List<Map<String, Object>>> byUser = new HashMap<>();
                    RowSet<Row> rows = first;
                    for (String key : keys) {
                        List<Map<String, Object>> list = new ArrayList<>(rows.size());
                        for (Row row : rows) {
                            list.add(steps.values(row, 0));
                        }
                        byUser.put(key, List.copyOf(list));
                        rows = rows.next();
                    }
                    return byUser;
                });
    }
}
