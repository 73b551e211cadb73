/**
 * The migrator's public API, the only package (with {@code spi}) other modules may use: what the proxy, the admin
 * API and the command line call. Start at {@link dev.strangler.migrator.Migrator} (built from a plan and
 * {@link dev.strangler.migrator.MigratorSettings}), whose capabilities are {@link
 * dev.strangler.migrator.MigrationEngine}, {@link dev.strangler.migrator.UserStateStore}, {@link
 * dev.strangler.migrator.Rollbacks}, {@link dev.strangler.migrator.Verification}, {@link
 * dev.strangler.migrator.Backfills}, {@link dev.strangler.migrator.Reports}, {@link
 * dev.strangler.migrator.Reports.LedgerHistory}, {@link dev.strangler.migrator.RolloutStore}, {@link
 * dev.strangler.migrator.ShadowStore} and {@link dev.strangler.migrator.Coexistence}. Apart from a running migrator,
 * {@link dev.strangler.migrator.Migrator.PlanDraft} drafts a plan from the legacy catalogue.
 */
package dev.strangler.migrator;
