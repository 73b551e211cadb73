package dev.strangler.migrator.state;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * The append-only record of every attempt. Appends happen on the attempt's own modern connection, inside the
 * transaction that also writes the user's data and state, so an entry exists exactly when what it describes was
 * committed.
 */
public interface Ledger {

    /** Appends the entry; completes with its id. */
    Future<Long> append(SqlConnection modern, LedgerEntry entry);
}
