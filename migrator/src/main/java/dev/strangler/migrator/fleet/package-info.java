/**
 * The fleet of routing instances on the state database and the notification barrier
 * ({@link dev.strangler.migrator.fleet.PgFleet}, behind {@link dev.strangler.migrator.Fleet}).
 */
package dev.strangler.migrator.fleet;
