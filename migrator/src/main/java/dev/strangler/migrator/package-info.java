/**
 * The migration engine, the ledger and the user-state store.
 * Start at {@link dev.strangler.migrator.MigrationEngine} and {@link dev.strangler.migrator.MigrationOutcome}.
 */
package dev.strangler.migrator;
