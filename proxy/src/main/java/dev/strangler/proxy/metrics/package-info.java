/**
 * Metrics for Prometheus (SPEC §7) and the JSON event log: {@link dev.strangler.proxy.metrics.ProxyMetrics} for
 * requests, {@link dev.strangler.proxy.metrics.ObservedMigrations} for migrations,
 * {@link dev.strangler.proxy.metrics.StateGauges} for users by state and rollout percentages.
 */
package dev.strangler.proxy.metrics;
