/**
 * The state database (schema {@code strangler} on modern), and every statement on it: its versioned schema, users'
 * states and the append-only ledger, and the runtime rollout. Start at
 * {@link dev.strangler.migrator.state.StateSchema}, {@link dev.strangler.migrator.state.UserStates},
 * {@link dev.strangler.migrator.state.Ledger} and {@link dev.strangler.migrator.state.RolloutRows}.
 */
package dev.strangler.migrator.state;
