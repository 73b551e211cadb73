package dev.strangler.migrator.sync;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The posted change events of one sync name, kept in the state database ({@code strangler.sync_inbox},
 * {@code V29__sync_inbox.sql}) until their transaction is applied, so that what {@link HttpChangeReceiver} answered
 * 2xx survives the process. A transaction is known by its id up to the first {@code :} (Debezium's PostgreSQL
 * transaction ids are {@code txId:lsn}; a change event carries it in {@code transaction.id}, a logical decoding
 * message may carry only {@code source.txId}); it is complete once its {@code END} is in with at least as many
 * events as the {@code END} counts, whatever order they were posted in (Kafka keeps no order across the table and
 * transaction topics).
 */
final class SyncInbox {

    private static final String STORE_EVENT = """
            INSERT INTO strangler.sync_inbox (name, side, tx_id, position, event)
            SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM strangler.sync_inbox_end
                WHERE name = $1 AND side = $2 AND tx_id = $3 AND applied_at IS NOT NULL)
            ON CONFLICT DO NOTHING""";
    private static final String STORE_END = """
            INSERT INTO strangler.sync_inbox_end (name, side, tx_id, event_count) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING""";
    private static final String COMPLETE = """
            SELECT e.side, e.tx_id FROM strangler.sync_inbox_end e
            WHERE e.name = $1 AND e.applied_at IS NULL AND e.event_count <= (SELECT count(*)
                FROM strangler.sync_inbox i WHERE i.name = e.name AND i.side = e.side AND i.tx_id = e.tx_id)
            ORDER BY e.id""";
    private static final String EVENTS = """
            SELECT event FROM strangler.sync_inbox WHERE name = $1 AND side = $2 AND tx_id = $3
            ORDER BY position, id""";

    /** A transaction whose events are all in. */
    record Complete(String side, String txId) {
    }

    private final Pool state;
    private final String name;

    SyncInbox(Pool state, String name) {
        this.state = state;
        this.name = name;
    }

    /** The transaction a change, message or boundary event belongs to, or null when it names none. */
    static String transactionOf(JsonObject event) {
        Object id = event.containsKey("status") ? event.getValue("id")
                : event.getJsonObject("transaction", new JsonObject()).getValue("id");
        if (id == null) {
            id = event.getJsonObject("source", new JsonObject()).getValue("txId");
        }
        if (id == null) {
            return null;
        }
        String text = String.valueOf(id);
        int colon = text.indexOf(':');
        return colon < 0 ? text : text.substring(0, colon);
    }

    /**
     * Stores a change or message event, or a transaction's {@code END} (a {@code BEGIN} is not needed); completes
     * once committed. An event of a transaction already applied is not stored again.
     */
    Future<Void> store(String side, String txId, JsonObject event) {
        if ("END".equals(event.getString("status"))) {
            return state.preparedQuery(STORE_END).execute(Tuple.of(name, side, txId,
                    event.getInteger("event_count", 0))).mapEmpty();
        }
        long position = event.getJsonObject("transaction", new JsonObject()).getLong("total_order", 0L);
        return state.preparedQuery(STORE_EVENT).execute(Tuple.of(name, side, txId, position, event)).mapEmpty();
    }

    /** The transactions whose events are all in and not yet applied, in the order their ENDs arrived. */
    Future<List<Complete>> complete() {
        return state.preparedQuery(COMPLETE).execute(Tuple.of(name)).map(rows -> {
            List<Complete> complete = new ArrayList<>();
            for (Row row : rows) {
                complete.add(new Complete(row.getString("side"), row.getString("tx_id")));
            }
            return complete;
        });
    }

    /** A transaction's events, in their order within it. */
    Future<List<JsonObject>> events(Complete transaction) {
        return state.preparedQuery(EVENTS).execute(Tuple.of(name, transaction.side(), transaction.txId()))
                .map(rows -> {
                    List<JsonObject> events = new ArrayList<>();
                    for (Row row : rows) {
                        events.add((JsonObject) row.getValue("event"));
                    }
                    return events;
                });
    }

    /** Forgets an applied transaction's events and marks its END applied; forgets ENDs applied a day ago. */
    Future<Void> applied(Complete transaction) {
        Tuple key = Tuple.of(name, transaction.side(), transaction.txId());
        return state.withTransaction(connection -> connection.preparedQuery(
                        "DELETE FROM strangler.sync_inbox WHERE name = $1 AND side = $2 AND tx_id = $3").execute(key)
                .compose(deleted -> connection.preparedQuery("UPDATE strangler.sync_inbox_end SET applied_at = now()"
                        + " WHERE name = $1 AND side = $2 AND tx_id = $3").execute(key))
                .compose(marked -> connection.preparedQuery("DELETE FROM strangler.sync_inbox_end WHERE name = $1"
                        + " AND applied_at < now() - interval '1 day'").execute(Tuple.of(name)))
                .mapEmpty());
    }
}
