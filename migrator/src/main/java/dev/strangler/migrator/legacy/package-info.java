/**
 * What differs when the legacy database is MySQL or MariaDB instead of PostgreSQL (the modern one never is). Start
 * at {@link dev.strangler.migrator.legacy.LegacyDialect} (the SQL Strangler writes itself),
 * {@link dev.strangler.migrator.legacy.MySqlLegacy} (the pool and the user key's type) and
 * {@link dev.strangler.migrator.legacy.MySqlStatement} (the plan's placeholders as MySQL's {@code ?}).
 */
package dev.strangler.migrator.legacy;
