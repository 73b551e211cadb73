/**
 * Cohort stages ({@code legacy -> migrating -> coexisting -> complete}, issue 17) in the state database.
 * Start at {@link dev.strangler.migrator.stage.StageRows}.
 */
package dev.strangler.migrator.stage;
