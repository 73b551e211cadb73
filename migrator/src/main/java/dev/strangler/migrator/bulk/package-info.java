/**
 * The backfill's set-based load path: a batch of users moved with one legacy read per entity and one modern
 * transaction, each user ending as the per-user path would leave them. Start at
 * {@link dev.strangler.migrator.bulk.BatchLoad}, the engine's seam {@link dev.strangler.migrator.bulk.PlanSteps},
 * and the statements derived from the plan in {@code BatchFetch} and {@code BatchUpsert}.
 */
package dev.strangler.migrator.bulk;
