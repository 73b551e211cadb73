/**
 * The sample systems Strangler is demonstrated and tested on: Northwind as the legacy database and application, a
 * modern schema and application, the Northwind migration plan, and a generator of large, messy legacy data.
 * Start at {@link dev.strangler.demo.legacy.LegacyApp}, {@link dev.strangler.demo.modern.ModernApp} and
 * {@code northwind-plan.yaml}.
 */
package dev.strangler.demo;
