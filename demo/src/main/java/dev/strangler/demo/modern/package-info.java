/**
 * The modern system: its schema and reference data ({@link dev.strangler.demo.modern.ModernDatabase}) and its web
 * application ({@link dev.strangler.demo.modern.ModernApp}), which only knows migrated customers.
 */
package dev.strangler.demo.modern;
