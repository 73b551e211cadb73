/**
 * The migrator's public API, the only package (with {@code spi}) other modules may use: what the proxy, the admin
 * API and the command line call. Start at {@link dev.strangler.migrator.Migrator}, built from a plan and
 * {@link dev.strangler.migrator.MigratorSettings}. Each capability it hands out is an interface that owns its
 * vocabulary as nested records, enums and interfaces:
 *
 * <ul>
 *   <li>{@link dev.strangler.migrator.MigrationEngine}: lazy migration of one user ({@code Outcome}, {@code Trigger},
 *       {@code DryRun}, {@code Violation});</li>
 *   <li>{@link dev.strangler.migrator.UserStateStore}: users' states and pins ({@code UserFacts},
 *       {@code PinChange});</li>
 *   <li>{@link dev.strangler.migrator.Rollbacks} ({@code Outcome}), {@link dev.strangler.migrator.Verification},
 *       {@link dev.strangler.migrator.Backfills} ({@code Settings}, {@code Progress}, {@code Summary},
 *       {@code Listener}, {@code LeaseLost});</li>
 *   <li>{@link dev.strangler.migrator.Reports}: runs over many users, status, audit, sample, the ledger read back
 *       ({@code LedgerHistory});</li>
 *   <li>shared runtime state: {@link dev.strangler.migrator.RolloutStore}, {@link dev.strangler.migrator.RampStore},
 *       {@link dev.strangler.migrator.AdminTokenStore}, {@link dev.strangler.migrator.ShadowStore},
 *       {@link dev.strangler.migrator.ChangeAudit};</li>
 *   <li>{@link dev.strangler.migrator.Coexistence}: change sync and cohort stages.</li>
 * </ul>
 *
 * <p>Apart from a running migrator, {@link dev.strangler.migrator.Migrator.PlanDraft} drafts a plan from the legacy
 * catalogue, {@link dev.strangler.migrator.DatabaseConnections} is the one mapping of a database URL to connect
 * options and {@link dev.strangler.migrator.FailureText} puts a database failure in words. Public types of the
 * implementation packages are public for their sibling packages only; {@code ArchitectureTest} of the proxy, demo
 * and dist keeps them out of reach.
 */
package dev.strangler.migrator;
