/**
 * The state database (schema {@code strangler} on modern), and every statement on it: its versioned schema, users'
 * states and the append-only ledger, the runtime rollout, the admin tokens and shadow comparison results. Start at
 * {@link dev.strangler.migrator.state.StateSchema}, {@link dev.strangler.migrator.state.UserStates},
 * {@link dev.strangler.migrator.state.Ledger}, {@link dev.strangler.migrator.state.RolloutRows},
 * {@link dev.strangler.migrator.state.AdminTokenRows} and {@link dev.strangler.migrator.state.ShadowRows}.
 */
package dev.strangler.migrator.state;
