/**
 * What {@code strangler check} knows beyond preparing statements: {@link dev.strangler.migrator.check.TypedPlanCheck}
 * type-checks the plan's expressions and upsert parameters against the real column types, and
 * {@link dev.strangler.migrator.check.SampleTally} and {@link dev.strangler.migrator.check.TargetColumns} sum up and
 * explain what {@code check --sample N} found.
 */
package dev.strangler.migrator.check;
