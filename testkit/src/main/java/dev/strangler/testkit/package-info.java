/**
 * The real-PostgreSQL fixture shared by every module's tests.
 * Start at {@link dev.strangler.testkit.PostgresExtension} for a database per test class, or
 * {@link dev.strangler.testkit.PostgresFixture} for the server itself, {@link dev.strangler.testkit.MariaDbExtension}
 * for a throwaway MariaDB (a MySQL-dialect legacy).
 */
package dev.strangler.testkit;
