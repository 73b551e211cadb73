/**
 * Backfill: migrates every user who has not come back on their own, through the same engine and per-user lock as
 * lazy migration, safely from several machines at once. Start at {@link dev.strangler.migrator.backfill.Workers}
 * (the {@link dev.strangler.migrator.Backfills} of a plan), one worker in
 * {@link dev.strangler.migrator.backfill.Backfill}, and the claims in
 * {@link dev.strangler.migrator.backfill.BackfillClaims}.
 */
package dev.strangler.migrator.backfill;
