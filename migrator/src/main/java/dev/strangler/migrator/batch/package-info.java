/**
 * Running the engine over many users: the differential re-run of failed users, migrating everyone, and the audit
 * and status reports the command line prints. Start at {@link dev.strangler.migrator.batch.BatchReports} (the
 * {@link dev.strangler.migrator.Reports} of a plan) and {@link dev.strangler.migrator.batch.Batch}.
 */
package dev.strangler.migrator.batch;
