/**
 * Verify over many users: {@link dev.strangler.migrator.verify.Verify} picks one user, every migrated user or a
 * sample, and checks each with the engine's comparison of one user; the results are the records of
 * {@link dev.strangler.migrator.Verification}.
 */
package dev.strangler.migrator.verify;
