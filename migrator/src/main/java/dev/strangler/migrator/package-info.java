/**
 * The migration engine's public API: what the proxy, the admin API and the command line call.
 * Start at {@link dev.strangler.migrator.MigrationEngine} and {@link dev.strangler.migrator.MigrationOutcome};
 * {@code engine.Migrator} wires one from a plan and {@link dev.strangler.migrator.MigratorSettings}.
 */
package dev.strangler.migrator;
