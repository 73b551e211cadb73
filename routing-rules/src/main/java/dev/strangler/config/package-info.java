/**
 * The model of {@code strangler.yaml}: immutable, validated records, produced only from a file that passed
 * validation. Start at {@code MigrationPlan} for the migration section.
 */
package dev.strangler.config;
