/**
 * The seams of one entity's migration, for what configuration cannot say: {@link
 * dev.strangler.migrator.spi.MigrationExtension} (found with {@link java.util.ServiceLoader}) may replace an
 * entity's {@link dev.strangler.migrator.spi.EntitySource}, {@link dev.strangler.migrator.spi.RowValidator},
 * {@link dev.strangler.migrator.spi.RowTransformer} or {@link dev.strangler.migrator.spi.EntityTarget}.
 */
package dev.strangler.migrator.spi;
