/**
 * {@code strangler sync}: change data capture of both databases with Debezium's embedded engine (issue 17), the
 * lease that lets one process hold the slots, offsets in the state database, and the dispatch of each captured
 * transaction to the catch-up or the sync-back. Start at {@link dev.strangler.migrator.sync.SyncProcess}.
 */
package dev.strangler.migrator.sync;
