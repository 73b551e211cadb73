package dev.strangler.migrator.sync;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/**
 * A side's replication slot as its server sees it: the WAL it keeps from being recycled (an abandoned slot keeps
 * it all, and fills the disk), and dropping it with its publication.
 */
final class Slots {

    private static final String RETAINED = """
            SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained
            FROM pg_replication_slots WHERE slot_name = $1""";
    private static final String DROP = """
            SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1""";
    /**
     * The server's sender of a stopped sync can hold the slot a moment after the process left (the slot is then
     * "active" and cannot be dropped): it is ended first, waiting up to 10 s for it to go (PostgreSQL 14+).
     */
    private static final String RELEASE = """
            SELECT pg_terminate_backend(active_pid, 10000) FROM pg_replication_slots
            WHERE slot_name = $1 AND active_pid IS NOT NULL""";

    private Slots() {
    }

    /** Bytes of WAL the slot retains; empty when there is no such slot. */
    static Future<Optional<Long>> retainedWal(Pool database, String slot) {
        return database.preparedQuery(RETAINED).execute(Tuple.of(slot)).map(rows -> rows.size() == 0
                ? Optional.<Long>empty() : Optional.of(rows.iterator().next().getLong("retained")));
    }

    /**
     * Drops the slot and its publication when they exist; completes with whether a slot was dropped. Called only
     * when no process holds the sync's lease, so a sender still on the slot belongs to a process that is gone.
     */
    static Future<Boolean> drop(Pool database, String slot) {
        return database.preparedQuery(RELEASE).execute(Tuple.of(slot))
                .compose(released -> database.preparedQuery(DROP).execute(Tuple.of(slot)))
                .compose(dropped -> database.query("DROP PUBLICATION IF EXISTS " + slot).execute()
                        .map(done -> dropped.size() > 0));
    }

    /** The slots of a sync name that exist on a database. */
    static Future<List<String>> existing(Pool database, List<String> slots) {
        return database.preparedQuery("SELECT slot_name FROM pg_replication_slots WHERE slot_name = ANY($1)")
                .execute(Tuple.of(slots.toArray(String[]::new)))
                .map(rows -> {
                    List<String> found = new java.util.ArrayList<>();
                    rows.forEach(row -> found.add(row.getString("slot_name")));
                    return found;
                });
    }
}
