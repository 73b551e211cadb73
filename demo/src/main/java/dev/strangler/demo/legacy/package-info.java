/**
 * The legacy system: the Northwind database ({@link dev.strangler.demo.legacy.NorthwindDatabase}), its one
 * Strangler patch, and the legacy web application ({@link dev.strangler.demo.legacy.LegacyApp}).
 */
package dev.strangler.demo.legacy;
