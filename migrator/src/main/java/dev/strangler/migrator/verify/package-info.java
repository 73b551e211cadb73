/**
 * Verify: proves that what legacy holds for each migrated user is what modern holds. Start at
 * {@link dev.strangler.migrator.verify.Verify}; one user's result is a
 * {@link dev.strangler.migrator.verify.UserVerification} of {@link dev.strangler.migrator.verify.EntityCheck}s.
 */
package dev.strangler.migrator.verify;
