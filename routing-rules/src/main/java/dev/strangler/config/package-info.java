/**
 * The model of {@code strangler.yaml}: immutable, validated records, produced only from a file that passed
 * validation, and the YAML reading behind them. Start at {@code ConfigLoader} (files in, {@code LoadResult} out),
 * {@code StranglerConfig} ({@code routingTable()} compiles its routing) and {@code MigrationPlan} for the migration
 * section. The readers ({@code *Reader}, {@code ConfigNode}, {@code YamlTree}) are package-private.
 *
 * <p>Dependencies point one way: {@code config} uses {@code rules} (the routing section is made of compiled route
 * rules, cohorts and identity extractors) and {@code expression}; neither of them uses {@code config}.
 * {@code ConfigLoader} is the only class of this module that touches the file system.
 */
package dev.strangler.config;
