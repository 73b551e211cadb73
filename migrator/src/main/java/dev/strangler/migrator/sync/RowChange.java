package dev.strangler.migrator.sync;

import io.vertx.core.json.JsonObject;

/**
 * One captured row change, as Debezium's JSON gives it.
 *
 * @param table  {@code schema.table}
 * @param op     {@code c} insert, {@code u} update, {@code d} delete
 * @param before the row before (deletes, and updates of tables with {@code REPLICA IDENTITY FULL}), or null
 * @param after  the row after (inserts, updates), or null
 */
record RowChange(String table, String op, JsonObject before, JsonObject after) {
}
