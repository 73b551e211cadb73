/**
 * Running the engine over many users: the differential re-run of failed users, migrating everyone, and the audit
 * and status reports the command line prints. Start at {@link dev.strangler.migrator.batch.Batch},
 * {@link dev.strangler.migrator.batch.Audit} and {@link dev.strangler.migrator.batch.StatusReport}.
 */
package dev.strangler.migrator.batch;
