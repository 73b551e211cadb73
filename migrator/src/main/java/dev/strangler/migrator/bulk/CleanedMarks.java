package dev.strangler.migrator.bulk;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/**
 * How a batch's migrated users get their cleaned marks, through the engine's fenced marker (README "In
 * transition"): a backfill's marks are deferred in the batch's transaction and written when due, while the worker
 * moves on; with a zero mark delay they are written one after another right after the commit.
 */
public interface CleanedMarks {

    /** In the batch's transaction, before its commit: owes the migrated users' marks (deferred when they are). */
    Future<Void> owe(SqlConnection modern, List<String> userKeys);

    /** After the batch's commit: writes the marks now or hands them to the timer that writes them when due. */
    Future<Void> committed(List<String> userKeys);
}
