/**
 * Large, messy legacy data sets for audits, backfills and scale benchmarks: start at
 * {@link dev.strangler.demo.generator.MessyDataGenerator}; {@link dev.strangler.demo.generator.DefectRates} says
 * how messy. The {@code strangler generate} command runs it.
 */
package dev.strangler.demo.generator;
