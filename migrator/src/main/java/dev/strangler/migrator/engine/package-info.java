/**
 * The engine's machinery: single flight, one attempt's transaction, the plan's default steps, the deadline, the
 * cleaned-mark repair and the per-user verification. Start at {@link dev.strangler.migrator.engine.Migrator}, which
 * wires every capability of {@link dev.strangler.migrator.Migrator} from a plan; {@link
 * dev.strangler.migrator.engine.Wiring} is the one public type, the factory's way in.
 */
package dev.strangler.migrator.engine;
