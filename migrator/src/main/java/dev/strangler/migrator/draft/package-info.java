/**
 * {@code strangler plan init}: a draft plan from a database's catalogue. Start at
 * {@link dev.strangler.migrator.draft.PlanDrafter}; a catalogue reader implements
 * {@link dev.strangler.migrator.draft.Catalogue} ({@link dev.strangler.migrator.draft.PostgresCatalogue} for
 * PostgreSQL, {@link dev.strangler.migrator.draft.MySqlCatalogue} for MySQL and MariaDB).
 */
package dev.strangler.migrator.draft;
