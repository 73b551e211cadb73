/**
 * The model of {@code strangler.yaml}: immutable, validated records, produced only from a file that passed
 * validation. Start at {@code ConfigLoader} (files in, {@code LoadResult} out), {@code MigrationPlan} for the
 * migration section, and {@code ExpressionLanguage} for what expressions may use.
 */
package dev.strangler.config;
