/**
 * The state database (schema {@code strangler} on modern): its versioned schema, users' states and the append-only
 * ledger. Start at {@link dev.strangler.migrator.state.StateSchema}, {@link dev.strangler.migrator.state.UserStates}
 * and {@link dev.strangler.migrator.state.Ledger}.
 */
package dev.strangler.migrator.state;
