/**
 * The engine's machinery: single flight, one attempt's transaction, the plan's default steps, the deadline and the
 * cleaned-mark repair. Start at {@link dev.strangler.migrator.engine.Migrator}, the one public type, which wires
 * them from a plan.
 */
package dev.strangler.migrator.engine;
